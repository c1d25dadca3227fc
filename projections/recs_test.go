package projections

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Test runs.
const (
	runA = "01JD6Z3Y8T0000000000000A01"
	runB = "01JD6Z3Y8T0000000000000B01"
	runC = "01JD6Z3Y8T0000000000000C01"
)

// story builds records one second apart from t0 with seqs and ids filled.
type story struct{ recs []journal.Record }

func (s *story) add(r journal.Record, d any) *journal.Record {
	n := len(s.recs) + 1
	r.V, r.Seq, r.TS = 1, uint64(n), t0.Add(time.Duration(n)*time.Second)
	r.ID, r.Hash = fmt.Sprintf("01JD6Z3Y8T%016d", n), fmt.Sprintf("%064x", n)
	if d != nil {
		r.Detail = journal.MustDetail(d)
	}
	s.recs = append(s.recs, r)
	return &s.recs[len(s.recs)-1]
}

func (s *story) claim(run, step string) {
	s.add(journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysIntentClaim, RunID: run, Subject: step}, vocab.IntentClaimDetail{Step: step})
}

// judged is a claim as the kernel records it: with git's answer then.
func (s *story) judged(run, step string, shipped bool) {
	d := vocab.IntentClaimDetail{Plan: "P", Step: step, Via: vocab.ViaNone, Reason: vocab.ReasonNoStamp}
	v := vocab.VerdictNotShipped
	if shipped {
		d.Via, d.SHA, d.FilesChanged, d.Reason, v = vocab.ViaGrepSubject, "e62f74d0c1b2a39485766f5e4d3c2b1a09f8e7d6", 1, vocab.ReasonShipped, vocab.VerdictShipped
	}
	s.add(journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysIntentClaim, Verdict: v, RunID: run, Subject: step}, d)
}

func (s *story) verify(run, step string, shipped bool) {
	v, reason := vocab.VerdictNotShipped, vocab.ReasonNoStamp
	if shipped {
		v, reason = vocab.VerdictShipped, vocab.ReasonShipped
	}
	s.add(journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysVerify, Verdict: v, RunID: run, Subject: step},
		vocab.VerifyDetail{Plan: "P", Phase: step, Reason: reason})
}

func (s *story) verdict(run, syscall, verdict string, d any) {
	s.add(journal.Record{Kind: journal.KindVerdict, Syscall: syscall, Verdict: verdict, RunID: run}, d)
}

// sliceReader is a Reader over records in memory (one "segment").
type sliceReader []journal.Record

func (s sliceReader) Scan(ctx context.Context, q journal.Query) iter.Seq2[*journal.Record, error] {
	return func(yield func(*journal.Record, error) bool) {
		for i := range s {
			r := &s[i]
			if r.Seq < q.From || q.Until > 0 && r.Seq > q.Until || !wants(q, r) {
				continue
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

func wants(q journal.Query, r *journal.Record) bool {
	if len(q.RunIDs) == 0 {
		return true
	}
	for _, id := range q.RunIDs {
		if r.RunID == id || r.ParentRunID == id {
			return true
		}
	}
	return false
}

func (s sliceReader) LastSeq() (uint64, error) {
	if len(s) == 0 {
		return 0, nil
	}
	return s[len(s)-1].Seq, nil
}

func (s sliceReader) Segments() ([]journal.SegmentInfo, error) {
	if len(s) == 0 {
		return nil, nil
	}
	return []journal.SegmentInfo{{Name: "mem", FirstSeq: s[0].Seq, LastSeq: s[len(s)-1].Seq, FirstTS: s[0].TS, LastTS: s[len(s)-1].TS}}, nil
}
