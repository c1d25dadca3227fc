package kernel

import (
	"context"
	"errors"
	"slices"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// The hook verbs' kernel calls: the one record a hook call appends, and
// the verify judgement the stop hook asks for each claim (which appends
// nothing of its own, so a stop is one record however many claims it
// judged).

// HookRecord appends the hook record of syscall sys (hook.pretool, …) with
// verdict v; lane is the lease the decision concerns, "" when none.
func HookRecord(ctx context.Context, env Env, sys string, v vocab.Verdict, lane string, d vocab.HookDetail) Result {
	return env.emit(ctx, sys, v, journal.Record{Lane: lane}, d)
}

// JudgeClaim says whether plan phase shipped on HEAD of the Env's
// workspace by verify's rule, appending nothing. A directory that is not a
// git repository is an error (the caller decides what that means).
func JudgeClaim(ctx context.Context, env Env, plan, phase string) (vocab.Verdict, vocab.VerifyDetail, error) {
	if !vocab.ValidToken(plan) || !vocab.ValidToken(phase) {
		return vocab.Verdict{}, vocab.VerifyDetail{}, vocab.Usagef("claim %q %q: plan and phase must be tokens", plan, phase)
	}
	ev, err := gatherVerify(ctx, env, VerifyRequest{Plan: plan, Phase: phase, Ref: "HEAD"})
	if err != nil {
		return vocab.Verdict{}, vocab.VerifyDetail{}, err
	}
	v, d := vocab.ClassifyVerify(plan, phase, ev)
	d.Ref = "HEAD"
	return v, d, nil
}

// OpenClaims returns run's intent.claim records still NOT_SHIPPED: claims
// with no later SHIPPED claim or verify of the same step by the run.
func OpenClaims(ctx context.Context, dir, run string) ([]vocab.IntentClaimDetail, error) {
	if run == "" {
		return nil, nil
	}
	j, err := journal.Open(dir)
	if errors.Is(err, journal.ErrNoJournal) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	open := map[string]vocab.IntentClaimDetail{}
	var order []string
	for r, err := range j.Scan(ctx, journal.Query{RunIDs: []string{run}}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return nil, err
		}
		if r.RunID != run {
			continue
		}
		switch r.Syscall {
		case vocab.SysIntentClaim:
			var d vocab.IntentClaimDetail
			if r.Detail.Decode(&d) != nil {
				continue
			}
			if r.Verdict == vocab.VerdictNotShipped {
				if !slices.Contains(order, d.Step) {
					order = append(order, d.Step)
				}
				open[d.Step] = d
			} else {
				delete(open, d.Step)
			}
		case vocab.SysVerify:
			if r.Verdict == vocab.VerdictShipped {
				delete(open, r.Subject)
			}
		}
	}
	var out []vocab.IntentClaimDetail
	for _, s := range order {
		if d, ok := open[s]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}
