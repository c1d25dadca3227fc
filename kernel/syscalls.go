package kernel

import (
	"context"

	"github.com/dos-go/dos/vocab"

	"github.com/dos-go/dos/journal"
)

// The edges of the pure verdicts: check the input, classify, append one
// record. An error is a usage error and nothing is appended.

// Productivity judges per-step work deltas.
func Productivity(ctx context.Context, env Env, deltas []int64, p vocab.ProductivityPolicy) (Result, error) {
	if err := p.Check(); err != nil {
		return Result{}, err
	}
	if len(deltas) == 0 {
		return Result{}, vocab.Usagef("--deltas is empty: pass the per-step work deltas, oldest first, e.g. --deltas 800,300,120")
	}
	for _, d := range deltas {
		if d < 0 {
			return Result{}, vocab.Usagef("--deltas %s: a delta counts work done and must not be negative", vocab.JoinInts(deltas))
		}
	}
	v := vocab.ClassifyProductivity(deltas, p)
	return env.emit(ctx, vocab.SysProductivity, v, journal.Record{}, vocab.ProductivityDetail{Deltas: deltas, MinSteps: p.MinSteps, Floor: p.Floor, Reason: v.Reason}), nil
}

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

// Reward judges whether a trajectory may be trained on.
func Reward(ctx context.Context, env Env, e vocab.RewardEvidence) (Result, error) {
	v := vocab.ClassifyReward(e)
	return env.emit(ctx, vocab.SysReward, v, journal.Record{}, vocab.RewardDetail{
		Claim: e.Claim, Confirm: e.Confirm, Refute: e.Refute, Forgeable: e.Forgeable, Reason: v.Reason,
	}), nil
}

// HookExit maps a hook's exit code to an intervention.
func HookExit(ctx context.Context, env Env, code int, m map[int]string) (Result, error) {
	v := vocab.ClassifyHookExit(code, m)
	return env.emit(ctx, vocab.SysHookExit, v, journal.Record{}, vocab.HookExitDetail{Code: code, Map: vocab.HookMapDetail(m), Reason: v.Reason}), nil
}

// ExecCapability classifies a command; the record keeps its hash, not its text.
func ExecCapability(ctx context.Context, env Env, command string, extra []string) (Result, error) {
	v, sh, err := vocab.ClassifyExecCapability(command, extra)
	if err != nil {
		return Result{}, err
	}
	return env.emit(ctx, vocab.SysExecCapability, v, journal.Record{}, vocab.ExecCapabilityDetail{
		CommandSHA256: vocab.CommandSHA256(command), Words: sh.Words, Segments: sh.Segments, Wrappers: sh.Wrappers,
		Assignments: sh.Assignments, Class: sh.Class, Matched: sh.Matched, Reason: v.Reason,
	}), nil
}

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
