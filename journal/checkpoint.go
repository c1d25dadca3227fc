package journal

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
)

// Keyed mode. With a key (Options.Key), every commit first appends one
// checkpoint line to CHECKPOINTS and makes it durable, then writes its
// records: a checkpoint names the batch's first and last seq and the last
// record's hash, and carries an HMAC-SHA256 over them under the key. The
// hash chains every record before it, so one checkpoint authenticates the
// whole prefix; an agent without the key can edit and re-chain records,
// but cannot make the checkpoint that would vouch for the result.
//
//	{"from":41,"seq":43,"hash":"<64 hex>","start":true,"mac":"<64 hex>"}
//
//	mac = hex(HMAC-SHA256(key, "dos-journal-checkpoint/v1\n" || from || "\n" ||
//	          seq || "\n" || hash || "\n" || ("start" | "")))
//
// start marks the first checkpoint a keyed writer wrote into an empty
// CHECKPOINTS: records before its from predate keyed mode. Checkpoints are
// written before the records (write-ahead), so every acknowledged record
// is covered; a crash between the two leaves one checkpoint whose batch
// never landed, which the next writer's checkpoint supersedes (its from
// is at or before the lost one's seq). Sealing a segment mid-batch writes
// a checkpoint for the records staged so far first.
const checkpointName = "CHECKPOINTS"

// KeySize is the length of a key `dos journal key init` makes.
const KeySize = 32

// checkpoint is one line of CHECKPOINTS.
type checkpoint struct {
	From  uint64 `json:"from"`
	Seq   uint64 `json:"seq"`
	Hash  string `json:"hash"`
	Start bool   `json:"start,omitempty"`
	MAC   string `json:"mac"`
}

func checkpointMAC(key []byte, c checkpoint) string {
	m := hmac.New(sha256.New, key)
	start := ""
	if c.Start {
		start = "start"
	}
	fmt.Fprintf(m, "dos-journal-checkpoint/v1\n%d\n%d\n%s\n%s", c.From, c.Seq, c.Hash, start)
	return hex.EncodeToString(m.Sum(nil))
}

// appendCheckpoint writes the checkpoint of the staged records from
// w.cpFrom through w.tail and waits for it to be durable.
func (w *Writer) appendCheckpoint() error {
	if w.opts.Key == nil || w.tail.seq < w.cpFrom {
		return nil
	}
	if w.cpFile == nil {
		f, err := os.OpenFile(filepath.Join(w.dir, checkpointName), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return fmt.Errorf("open %s: %w", checkpointName, err)
		}
		w.cpFile = f
	}
	c := checkpoint{From: w.cpFrom, Seq: w.tail.seq, Hash: w.tail.hash, Start: !w.cpAny}
	c.MAC = checkpointMAC(w.opts.Key, c)
	b, _ := json.Marshal(c)
	if _, err := w.cpFile.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	if err := syncData(w.cpFile); err != nil {
		return fmt.Errorf("sync checkpoint: %w", err)
	}
	w.cpAny, w.cpFrom = true, w.tail.seq+1
	return nil
}

// loadCheckpoints learns, on the slow path, whether CHECKPOINTS holds a
// checkpoint yet.
func (w *Writer) loadCheckpoints() error {
	if w.opts.Key == nil {
		return nil
	}
	fi, err := os.Stat(filepath.Join(w.dir, checkpointName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		w.cpAny = false
	case err != nil:
		return err
	default:
		w.cpAny = fi.Size() > 0
	}
	return nil
}

// CheckpointReport is what VerifyCheckpoints found.
type CheckpointReport struct {
	Checkpoints int    `json:"checkpoints"`       // lines read
	KeyedFrom   uint64 `json:"keyed_from"`        // the first seq keyed mode covers (0: none)
	SignedSeq   uint64 `json:"signed_through"`    // the last seq a valid checkpoint vouches for
	Superseded  int    `json:"superseded"`        // checkpoints of batches a crash lost before acknowledgement
	Problem     string `json:"problem,omitempty"` // the first thing that does not hold
	ProblemSeq  uint64 `json:"problem_seq,omitempty"`
}

// VerifyCheckpoints checks CHECKPOINTS under key: every MAC, that the
// first checkpoint is where keyed mode started (none deleted before it),
// that each checkpoint begins where the previous ended (no record appended
// without the key) unless it supersedes a batch lost to a crash, that the
// record at each checkpoint's seq has the hash the key signed (none
// rewritten, even re-chained), and that the last checkpoint covers the
// journal's last record. A journal with records and no checkpoint is a
// problem: under a key every commit writes one.
func VerifyCheckpoints(ctx context.Context, dir string, key []byte) (*CheckpointReport, error) {
	rep := &CheckpointReport{}
	a, err := readAnchor(dir)
	if err != nil {
		return nil, err
	}
	last, err := At(dir).LastGoodSeq()
	if err != nil && !isNoJournal(err) {
		return nil, err
	}
	problem := func(seq uint64, format string, args ...any) (*CheckpointReport, error) {
		rep.Problem, rep.ProblemSeq = fmt.Sprintf(format, args...), seq
		return rep, nil
	}
	f, err := os.Open(filepath.Join(dir, checkpointName))
	if errors.Is(err, fs.ErrNotExist) {
		if last > a.Seq {
			return problem(a.Seq+1, "the journal holds records through seq %d but no checkpoint: keyed mode never ran here, or %s was deleted", last, checkpointName)
		}
		return rep, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	next, stop := iter.Pull2(At(dir).Scan(ctx, Query{}))
	defer stop()
	var cur *Record
	hashAt := func(seq uint64) (string, bool, error) {
		for cur == nil || cur.Seq < seq {
			r, err, ok := next()
			if !ok {
				return "", false, nil
			}
			if err != nil {
				if Skippable(err) {
					continue
				}
				return "", false, err
			}
			cur = r
		}
		return cur.Hash, cur.Seq == seq, nil
	}
	lines := checkpointLines(f)
	var prev *checkpoint
	n := 0
	for c, cerr := range lines {
		if cerr != nil {
			return nil, cerr
		}
		n++
		rep.Checkpoints = n
		if c == nil {
			return problem(0, "line %d of %s is not a checkpoint", n, checkpointName)
		}
		if !hmac.Equal([]byte(checkpointMAC(key, *c)), []byte(c.MAC)) {
			return problem(c.Seq, "checkpoint %d (seq %d..%d) has a MAC this key does not make: forged, or another key", n, c.From, c.Seq)
		}
		switch {
		case prev == nil && !c.Start:
			return problem(c.From, "the first checkpoint (seq %d..%d) is not where keyed mode started: earlier checkpoints were deleted", c.From, c.Seq)
		case prev == nil:
			rep.KeyedFrom = c.From
		case c.From == prev.Seq+1:
			if err := rep.check(prev, a, hashAt); err != nil || rep.Problem != "" {
				return rep, err
			}
		case c.From <= prev.Seq && c.From >= prev.From:
			rep.Superseded++ // prev's batch was lost to a crash before it was acknowledged
		case c.From > prev.Seq+1:
			return problem(prev.Seq+1, "records %d..%d carry no checkpoint: appended without the key, or their checkpoints were deleted", prev.Seq+1, c.From-1)
		default:
			return problem(c.From, "checkpoint %d starts at seq %d, before the batch it follows (seq %d..%d)", n, c.From, prev.From, prev.Seq)
		}
		prev = c
	}
	if prev == nil {
		if last > a.Seq {
			return problem(a.Seq+1, "the journal holds records through seq %d but %s is empty", last, checkpointName)
		}
		return rep, nil
	}
	if err := rep.check(prev, a, hashAt); err != nil || rep.Problem != "" {
		return rep, err
	}
	if last > prev.Seq {
		return problem(prev.Seq+1, "records %d..%d carry no checkpoint: appended without the key, or re-chained after their checkpoints were deleted", prev.Seq+1, last)
	}
	return rep, nil
}

// check compares checkpoint c with the record at its seq.
func (rep *CheckpointReport) check(c *checkpoint, a Anchor, hashAt func(uint64) (string, bool, error)) error {
	if c.Seq <= a.Seq {
		rep.SignedSeq = c.Seq // pruned: the anchor's hash stands for it
		return nil
	}
	h, ok, err := hashAt(c.Seq)
	switch {
	case err != nil:
		return err
	case !ok:
		rep.Problem, rep.ProblemSeq = fmt.Sprintf("a checkpoint vouches for seq %d, which the journal no longer holds: records were removed", c.Seq), c.Seq
	case h != c.Hash:
		rep.Problem, rep.ProblemSeq = fmt.Sprintf("the record at seq %d has hash %.12s…, not the %.12s… the key signed: the journal was rewritten at or before it", c.Seq, h, c.Hash), c.Seq
	default:
		rep.SignedSeq = c.Seq
	}
	return nil
}

// checkpointLines yields each complete line of r as a checkpoint (nil for
// a line that is not one); a final line without '\n' was never made
// durable and is left out.
func checkpointLines(r io.Reader) iter.Seq2[*checkpoint, error] {
	return func(yield func(*checkpoint, error) bool) {
		br := bufio.NewReader(r)
		for {
			line, err := br.ReadBytes('\n')
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
			var c checkpoint
			if json.Unmarshal(bytes.TrimSpace(line), &c) != nil || len(c.Hash) != 64 || c.Seq < c.From {
				if !yield(nil, nil) {
					return
				}
				continue
			}
			if !yield(&c, nil) {
				return
			}
		}
	}
}

// ReadKey reads a journal key file: 64 hex characters (what `dos journal
// key init` writes) or at least KeySize raw bytes. A key readable by group
// or others is refused.
func ReadKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("journal key: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("journal key %s is readable by others (mode %v): chmod 600 it", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("journal key: %w", err)
	}
	if k, err := hex.DecodeString(string(bytes.TrimSpace(b))); err == nil && len(k) >= KeySize {
		return k, nil
	}
	if len(b) >= KeySize {
		return b, nil
	}
	return nil, fmt.Errorf("journal key %s holds %d bytes: make one with `dos journal key init PATH`", path, len(b))
}

// WriteNewKey creates path holding a fresh random key as hex, mode 0600;
// it never overwrites an existing file.
func WriteNewKey(path string, random io.Reader) error {
	k := make([]byte, KeySize)
	if _, err := io.ReadFull(random, k); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create key: %w", err)
	}
	if _, err := f.WriteString(hex.EncodeToString(k) + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
