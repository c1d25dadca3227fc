package projections

import (
	"context"
	"encoding/json"
	"errors"
	"iter"

	"github.com/dos-go/dos/journal"
)

// Source yields journal records in seq order, with the journal's own error
// convention: journal.Skippable errors mark one bad line and the sequence
// goes on; any other error ends it. (*journal.Journal).Scan is a Source.
type Source = iter.Seq2[*journal.Record, error]

// Reader is what the views need from a journal. *journal.Journal is one; a
// nil Reader is an empty journal.
type Reader interface {
	Scan(ctx context.Context, q journal.Query) iter.Seq2[*journal.Record, error]
	LastSeq() (uint64, error)
	Segments() ([]journal.SegmentInfo, error)
}

// MaxBadLines is how many bad lines a view keeps to show; all are counted.
const MaxBadLines = 10

// BadLine is one line of the journal that is not a record this build reads.
type BadLine struct {
	Segment string `json:"segment"`
	Offset  int64  `json:"offset"`
	// AfterSeq is the seq of the last good record before a corrupt line;
	// Seq is the seq a record of a newer schema version declares.
	AfterSeq uint64 `json:"after_seq,omitempty"`
	Seq      uint64 `json:"seq,omitempty"`
	// Unsupported marks a record from a newer dos rather than corruption.
	Unsupported bool   `json:"unsupported,omitempty"`
	Reason      string `json:"reason"`
}

// ScanStats says what a view read: how many records, which seqs, and the
// lines it could not read (counted, never silently dropped).
type ScanStats struct {
	Records     int64     `json:"records"`
	FirstSeq    uint64    `json:"first_seq"`
	LastSeq     uint64    `json:"last_seq"`
	Corrupt     int       `json:"corrupt"`
	Unsupported int       `json:"unsupported"`
	BadLines    []BadLine `json:"bad_lines"`
}

// MarshalJSON writes bad_lines as [] rather than null when there are none.
func (s ScanStats) MarshalJSON() ([]byte, error) {
	type plain ScanStats
	if s.BadLines == nil {
		s.BadLines = []BadLine{}
	}
	return json.Marshal(plain(s))
}

// Bad is the number of lines that could not be read.
func (s *ScanStats) Bad() int { return s.Corrupt + s.Unsupported }

// note counts a record.
func (s *ScanStats) note(r *journal.Record) {
	if s.Records == 0 || r.Seq < s.FirstSeq {
		s.FirstSeq = r.Seq
	}
	if r.Seq > s.LastSeq {
		s.LastSeq = r.Seq
	}
	s.Records++
}

// noteBad counts a skippable error, keeping the first MaxBadLines.
func (s *ScanStats) noteBad(err error) {
	var ce *journal.CorruptError
	var ue *journal.UnsupportedError
	var b BadLine
	switch {
	case errors.As(err, &ce):
		s.Corrupt++
		b = BadLine{Segment: ce.Segment, Offset: ce.Offset, AfterSeq: ce.AfterSeq, Reason: ce.Reason}
	case errors.As(err, &ue):
		s.Unsupported++
		b = BadLine{Segment: ue.Segment, Offset: ue.Offset, Seq: ue.Seq, Unsupported: true, Reason: ue.Error()}
	default:
		s.Corrupt++
		b = BadLine{Reason: err.Error()}
	}
	if len(s.BadLines) < MaxBadLines {
		s.BadLines = append(s.BadLines, b)
	}
}

// merge adds o, the stats of the next contiguous part of the same scan.
func (s *ScanStats) merge(o ScanStats) {
	if o.Records > 0 {
		if s.Records == 0 || o.FirstSeq < s.FirstSeq {
			s.FirstSeq = o.FirstSeq
		}
		if o.LastSeq > s.LastSeq {
			s.LastSeq = o.LastSeq
		}
		s.Records += o.Records
	}
	s.Corrupt += o.Corrupt
	s.Unsupported += o.Unsupported
	for _, b := range o.BadLines {
		if len(s.BadLines) < MaxBadLines {
			s.BadLines = append(s.BadLines, b)
		}
	}
}

// Each feeds every record of src to add, in order, counting records and
// bad lines into st. add returns false to stop early. A non-skippable
// error (I/O, the context ending) ends the fold and is returned.
func Each(src Source, st *ScanStats, add func(*journal.Record) bool) error {
	for r, err := range src {
		if err != nil {
			if journal.Skippable(err) {
				st.noteBad(err)
				continue
			}
			return err
		}
		st.note(r)
		if !add(r) {
			return nil
		}
	}
	return nil
}

// FromSlice is a Source over records held in memory (tests, small views).
func FromSlice(recs []journal.Record) Source {
	return func(yield func(*journal.Record, error) bool) {
		for i := range recs {
			if !yield(&recs[i], nil) {
				return
			}
		}
	}
}

// emptySource yields nothing.
func emptySource(func(*journal.Record, error) bool) {}

// scan is r.Scan(ctx, q), or an empty Source for a nil Reader.
func scan(ctx context.Context, r Reader, q journal.Query) Source {
	if r == nil || isNilReader(r) {
		return emptySource
	}
	return r.Scan(ctx, q)
}

// isNilReader catches a typed nil (*journal.Journal)(nil) in the interface.
func isNilReader(r Reader) bool {
	j, ok := r.(*journal.Journal)
	return ok && j == nil
}

// tolerate drops an error that only says one line is bad: the scan that
// follows reads and reports that line itself. Other errors pass through.
func tolerate(err error) error {
	if err == nil || journal.Skippable(err) {
		return nil
	}
	return err
}
