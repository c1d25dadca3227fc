package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Productivity judges per-step work deltas.
func Productivity(ctx context.Context, env Env, deltas []int64, p vocab.ProductivityPolicy) (Result, error) {
	if err := p.Check(); err != nil {
		return Result{}, err
	}
	for _, d := range deltas {
		if d < 0 {
			return Result{}, vocab.Usagef("--deltas %s: a delta counts work done and must not be negative", vocab.JoinInts(deltas))
		}
	}
	if deltas == nil {
		deltas = []int64{} // an empty history is recorded as [], never null
	}
	v := vocab.ClassifyProductivity(deltas, p)
	return env.emit(ctx, vocab.SysProductivity, v, journal.Record{}, vocab.ProductivityDetail{Deltas: deltas, MinSteps: p.MinSteps, Floor: p.Floor, Reason: v.Reason}), nil
}
