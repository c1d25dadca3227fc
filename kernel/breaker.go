package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Breaker judges a failure class's counters.
func Breaker(ctx context.Context, env Env, consecutive, total int, p vocab.BreakerPolicy) (Result, error) {
	if err := p.Check(consecutive, total); err != nil {
		return Result{}, err
	}
	v := vocab.ClassifyBreaker(consecutive, total, p)
	return env.emit(ctx, vocab.SysBreaker, v, journal.Record{}, vocab.BreakerDetail{
		Consecutive: consecutive, Total: total, MaxConsecutive: p.MaxConsecutive,
		MaxTotal: p.MaxTotal, OnTrip: p.OnTrip, Reason: v.Reason,
	}), nil
}
