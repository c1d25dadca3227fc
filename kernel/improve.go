package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Improve judges one self-improvement step.
func Improve(ctx context.Context, env Env, e vocab.ImproveEvidence, p vocab.ImprovePolicy) (Result, error) {
	if err := p.Check(e); err != nil {
		return Result{}, err
	}
	v, streak := vocab.ClassifyImprove(e, p)
	return env.emit(ctx, vocab.SysImprove, v, journal.Record{}, vocab.ImproveDetail{
		SuitePassed: e.SuitePassed, TruthClean: e.TruthClean, Work: e.Work, BaselineWork: e.BaselineWork,
		Tokens: e.Tokens, RevertStreak: streak, MaxReverts: p.MaxReverts, Reason: v.Reason,
	}), nil
}
