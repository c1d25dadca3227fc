package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Efficiency judges work bought by tokens; shape names the usage document
// the tokens came from ("" when counted by the host).
func Efficiency(ctx context.Context, env Env, work, tokens int64, shape string, p vocab.EfficiencyPolicy) (Result, error) {
	if err := p.Check(); err != nil {
		return Result{}, err
	}
	if work < 0 || tokens < 0 {
		return Result{}, vocab.Usagef("--work and --tokens must not be negative")
	}
	v := vocab.ClassifyEfficiency(work, tokens, p)
	return env.emit(ctx, vocab.SysEfficiency, v, journal.Record{}, vocab.EfficiencyDetail{
		Work: work, Tokens: tokens, MinTokens: p.MinTokens, Floor: p.Floor,
		Ratio: vocab.Ratio(work, tokens), UsageShape: shape, Reason: v.Reason,
	}), nil
}
