package journal

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
)

// Kinds of Difference between the journal and a copy of it.
const (
	DiffID      = "id"      // another record stands at the seq
	DiffHash    = "hash"    // the same record, another hash: edited and re-chained
	DiffMissing = "missing" // the copy holds a seq the journal no longer has
)

// Difference is the first record where the journal and a copy disagree.
type Difference struct {
	Seq     uint64 `json:"seq"`
	Kind    string `json:"kind"`
	Journal string `json:"journal,omitempty"` // the journal's id or hash there
	Copy    string `json:"copy"`              // the copy's
	Message string `json:"message"`
}

// CompareReport is the outcome of Compare.
type CompareReport struct {
	Compared   uint64      `json:"compared"`    // records of the copy found identical in the journal
	Pruned     uint64      `json:"pruned"`      // records of the copy for seqs pruned from the journal
	NotRecords int         `json:"not_records"` // lines of the copy that are not records (skipped)
	Difference *Difference `json:"difference,omitempty"`
}

// Compare checks a copy of the journal — the file exporter's output, or
// any concatenation of segments — against the journal at dir: every
// record of the copy must stand in the journal at its seq with the same
// id and hash. It stops at the first that does not. A copy kept where an
// agent cannot write is what catches a journal rewritten and re-chained,
// which the chain alone cannot. Copies may repeat records (at-least-once
// delivery) or hold a subset (an export filter); seqs already pruned are
// counted apart.
func Compare(ctx context.Context, dir string, copy io.Reader) (*CompareReport, error) {
	a, err := readAnchor(dir)
	if err != nil {
		return nil, err
	}
	rep := &CompareReport{}
	j := At(dir)
	var next func() (*Record, error, bool)
	var stop func()
	var cur *Record
	seek := func(seq uint64) {
		if stop != nil {
			stop()
		}
		next, stop = iter.Pull2(j.Scan(ctx, Query{From: seq}))
		cur = nil
	}
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	// advance moves cur to the first record with seq >= want.
	advance := func(want uint64) error {
		for cur == nil || cur.Seq < want {
			r, err, ok := next()
			if !ok {
				cur = nil
				return nil
			}
			if err != nil {
				if Skippable(err) {
					continue
				}
				return err
			}
			cur = r
		}
		return nil
	}
	br := bufio.NewReaderSize(copy, 64<<10)
	var d decoder
	var c Record
	last := uint64(0)
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			big := append([]byte(nil), line...)
			for errors.Is(err, bufio.ErrBufferFull) && len(big) <= MaxLineBytes {
				line, err = br.ReadSlice('\n')
				big = append(big, line...)
			}
			line = big
		}
		if len(line) == 0 && err != nil {
			if err == io.EOF {
				return rep, nil
			}
			return nil, fmt.Errorf("read the copy: %w", err)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			continue
		}
		if d.decode(line, &c) != nil {
			rep.NotRecords++
			continue
		}
		if c.Seq <= a.Seq {
			rep.Pruned++
			continue
		}
		if next == nil || c.Seq <= last {
			seek(c.Seq) // the first record, or one re-sent out of order
		}
		last = c.Seq
		if err := advance(c.Seq); err != nil {
			return nil, err
		}
		switch {
		case cur == nil || cur.Seq != c.Seq:
			rep.Difference = &Difference{Seq: c.Seq, Kind: DiffMissing, Copy: c.ID,
				Message: fmt.Sprintf("seq %d (id %s) is in the copy but not in the journal: records were removed", c.Seq, c.ID)}
		case cur.ID != c.ID:
			rep.Difference = &Difference{Seq: c.Seq, Kind: DiffID, Journal: cur.ID, Copy: c.ID,
				Message: fmt.Sprintf("seq %d is record %s in the journal but %s in the copy: the journal was replaced from there", c.Seq, cur.ID, c.ID)}
		case cur.Hash != c.Hash:
			rep.Difference = &Difference{Seq: c.Seq, Kind: DiffHash, Journal: cur.Hash, Copy: c.Hash,
				Message: fmt.Sprintf("seq %d (id %s) has hash %.12s… in the journal but %.12s… in the copy: the journal was rewritten and re-chained", c.Seq, c.ID, cur.Hash, c.Hash)}
		default:
			rep.Compared++
			continue
		}
		return rep, nil
	}
}
