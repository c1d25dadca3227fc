package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// ArbitrateRequest asks what lease acquire would decide, taking nothing.
type ArbitrateRequest struct {
	// Tree is explicit globs (--tree), Paths explicit prefixes (--paths);
	// neither: the lane's dos.toml tree.
	Tree, Paths []string
	AutoPick    bool
	Lanes       vocab.Lanes
	// LeasesJSON, when set, replaces the journal's live leases with a JSON
	// array of {lane, tree, lane_kind, holder} ("[]" is an empty world).
	LeasesJSON string
	// Record appends the decision as an arbitrate record
	// (--journal-decision); otherwise nothing is written.
	Record bool
}

// Arbitrate is the pure lane decision at the edge: the live leases from
// the journal (or LeasesJSON), the decision lease acquire would make for
// the Env's run and lane, ADMIT (exit 0) or REFUSE (exit 1). It appends a
// record only when req.Record.
func Arbitrate(ctx context.Context, env Env, req ArbitrateRequest) (Result, error) {
	paths, err := cleanPaths(req.Paths)
	if err != nil {
		return Result{}, err
	}
	tree := req.Tree
	if tree == nil && len(paths) > 0 {
		tree = lease.PathsTree(paths)
	}
	now := env.now()
	var live []vocab.HeldLease
	if req.LeasesJSON != "" {
		if live, err = parseLeases(req.LeasesJSON, now); err != nil {
			return Result{}, err
		}
	} else if live, err = LiveLeases(ctx, env.JournalDir, now); err != nil {
		return Result{}, fmt.Errorf("read live leases: %w", err)
	}
	h := env.holder()
	dec := lease.Arbitrate(lease.Request{Lane: env.Lane, Tree: tree, AutoPick: req.AutoPick, Holder: h}, req.Lanes, live)
	d := vocab.ArbitrateDetail{DecisionOnly: true, LeaseAcquireDetail: acquireDetail(dec, paths, h), Live: len(live)}
	v := vocab.Verdict{Token: vocab.VerdictRefuse, Reason: dec.Reason, Why: dec.Explain()}
	if dec.Granted {
		v.Token = vocab.VerdictAdmit
		v.Why = fmt.Sprintf("lane %s: %s (a decision only: nothing was taken; `dos lease acquire --lane %s` takes it)", dec.Lane, v.Why, dec.Lane)
	}
	rec := journal.Record{Lane: dec.Lane}
	if req.Record {
		return env.emit(ctx, vocab.SysArbitrate, v, rec, d), nil
	}
	return env.unrecorded(vocab.SysArbitrate, v, rec, d), nil
}

// unrecorded is emit's Result without the append (Seq 0, no error).
func (e Env) unrecorded(sys string, v vocab.Verdict, rec journal.Record, detail any) Result {
	e.Journal = nil
	res := e.emit(context.Background(), sys, v, rec, detail)
	res.JournalErr = nil
	return res
}

// leaseJSON is one entry of --leases: the reference's shape, with an
// optional holder (entries without one belong to nobody asking).
type leaseJSON struct {
	Lane     string        `json:"lane"`
	Tree     []string      `json:"tree"`
	LaneKind string        `json:"lane_kind"`
	Holder   *vocab.Holder `json:"holder"`
}

func parseLeases(s string, now time.Time) ([]vocab.HeldLease, error) {
	var raw json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, vocab.Usagef("--leases is not valid JSON (%v): pass an array such as '[{\"lane\":\"src\",\"tree\":[\"src/**\"]}]'", err)
	}
	var list []leaseJSON
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, vocab.Usagef("--leases must be a JSON array of {lane, tree, lane_kind, holder}: %v", err)
	}
	out := make([]vocab.HeldLease, 0, len(list))
	for i, l := range list {
		if l.Lane == "" {
			return nil, vocab.Usagef("--leases[%d] has no lane", i)
		}
		h := vocab.Holder{RunID: fmt.Sprintf("leases[%d]", i), Host: "--leases"}
		if l.Holder != nil {
			h = *l.Holder
		}
		kind := l.LaneKind
		if kind == "global" { // the reference's kind for its exclusive lane
			kind = vocab.LaneExclusive
		}
		out = append(out, vocab.HeldLease{Lane: l.Lane, Tree: l.Tree, LaneKind: kind, Holder: h, AcquiredAt: now, ExpiresAt: now.Add(time.Hour)})
	}
	return out, nil
}
