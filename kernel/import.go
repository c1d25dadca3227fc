package kernel

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// importBatch is how many records one append writes (one fsync each).
const importBatch = 512

// ImportFile is what `dos journal import` did with one file.
type ImportFile struct {
	Path      string `json:"path"`
	Lines     int    `json:"lines"`     // non-blank lines read
	Imported  int    `json:"imported"`  // appended now
	Duplicate int    `json:"duplicate"` // already imported before (or twice in the input)
	Bad       int    `json:"bad"`       // not a record of either journal
}

// ImportSummary is `dos journal import`'s result.
type ImportSummary struct {
	Files    []ImportFile `json:"files"`
	Imported int          `json:"imported"`
	FirstSeq uint64       `json:"first_seq,omitempty"`
	LastSeq  uint64       `json:"last_seq,omitempty"`
	DryRun   bool         `json:"dry_run"`
}

// ImportReference appends the history of the reference's journals
// (.dos/verdict-journal.jsonl, .dos/lane-journal.jsonl) to the journal at
// dir, as records with source "import", in the order they were written
// (by their original ts; a file's own order breaks ties). Each record
// keeps its original ts as its ts where the journal allows (ts never goes
// backwards, so into a journal with newer records they land at its tail's
// time) and in detail.imported, with its seq, ids and idempotence key: a
// line imported before is never appended again.
func ImportReference(ctx context.Context, dir string, paths []string, now func() time.Time, dryRun bool) (ImportSummary, error) {
	sum := ImportSummary{DryRun: dryRun, Files: []ImportFile{}}
	if len(paths) == 0 {
		return sum, vocab.Usagef("journal import needs at least one PATH (the reference's .dos/verdict-journal.jsonl or .dos/lane-journal.jsonl)")
	}
	seen, err := importedKeys(ctx, dir)
	if err != nil {
		return sum, err
	}
	var all []Imported
	for _, p := range paths {
		f, recs, err := readReference(p, seen)
		if err != nil {
			return sum, err
		}
		sum.Files = append(sum.Files, f)
		all = append(all, recs...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].TS.Before(all[j].TS) })
	sum.Imported = len(all)
	if dryRun || len(all) == 0 {
		return sum, nil
	}
	// The writer stamps each record with Now once, as it stages it, in
	// batch order: handing it each record's original time keeps history in
	// its place on the timeline (the writer still never lets ts go back).
	next := 0
	w := journal.NewWriter(dir, journal.Options{Now: func() time.Time {
		t := now()
		if next < len(all) && !all[next].TS.IsZero() {
			t = all[next].TS
		}
		next++
		return t
	}})
	defer w.Close()
	for i := 0; i < len(all); i += importBatch {
		batch := make([]journal.Record, 0, importBatch)
		for _, x := range all[i:min(i+importBatch, len(all))] {
			batch = append(batch, x.Record)
		}
		next = i
		out, err := w.AppendBatch(ctx, batch)
		if err != nil {
			return sum, fmt.Errorf("import: appended %d of %d records: %w", i, len(all), err)
		}
		if sum.FirstSeq == 0 {
			sum.FirstSeq = out[0].Seq
		}
		sum.LastSeq = out[len(out)-1].Seq
	}
	return sum, nil
}

// readReference maps every line of the file at path, skipping keys in
// seen (and adding the new ones).
func readReference(path string, seen map[string]bool) (ImportFile, []Imported, error) {
	f := ImportFile{Path: path}
	b, err := os.ReadFile(path)
	if err != nil {
		return f, nil, vocab.Usagef("journal import: %v", err)
	}
	m := newImportMapper()
	var out []Imported
	var last time.Time // a line without a ts keeps its place after the one before
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), journal.MaxLineBytes)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		f.Lines++
		x, err := m.Map(line)
		if err != nil {
			f.Bad++
			continue
		}
		if x.TS.IsZero() {
			x.TS = last
		}
		last = x.TS
		if seen[x.Key] {
			f.Duplicate++
			continue
		}
		seen[x.Key] = true
		f.Imported++
		out = append(out, x)
	}
	if err := sc.Err(); err != nil {
		return f, nil, vocab.Usagef("journal import: %s: %v", path, err)
	}
	return f, out, nil
}

// importedKeys collects the idempotence keys of every record imported
// into the journal at dir before.
func importedKeys(ctx context.Context, dir string) (map[string]bool, error) {
	seen := map[string]bool{}
	j, err := journal.Open(dir)
	if errors.Is(err, journal.ErrNoJournal) {
		return seen, nil
	}
	if err != nil {
		return nil, err
	}
	for r, err := range j.Scan(ctx, journal.Query{}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return nil, err
		}
		if r.Source != vocab.SourceImport {
			continue
		}
		var d struct {
			Imported vocab.ImportOrigin `json:"imported"`
		}
		if r.Detail.Decode(&d) == nil && d.Imported.Key != "" {
			seen[d.Imported.Key] = true
		}
	}
	return seen, nil
}
