package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
)

// The edges of the pure verdicts: check the input, classify, append one
// record. An error is a usage error and nothing is appended.

// Productivity judges per-step work deltas.
func Productivity(ctx context.Context, env Env, deltas []int64, p ProductivityPolicy) (Result, error) {
	if err := p.Check(); err != nil {
		return Result{}, err
	}
	if len(deltas) == 0 {
		return Result{}, usagef("--deltas is empty: pass the per-step work deltas, oldest first, e.g. --deltas 800,300,120")
	}
	for _, d := range deltas {
		if d < 0 {
			return Result{}, usagef("--deltas %s: a delta counts work done and must not be negative", joinInts(deltas))
		}
	}
	v := ClassifyProductivity(deltas, p)
	return env.emit(ctx, SysProductivity, v, journal.Record{}, ProductivityDetail{Deltas: deltas, MinSteps: p.MinSteps, Floor: p.Floor, Reason: v.Reason}), nil
}

// Efficiency judges work bought by tokens; shape names the usage document
// the tokens came from ("" when counted by the host).
func Efficiency(ctx context.Context, env Env, work, tokens int64, shape string, p EfficiencyPolicy) (Result, error) {
	if err := p.Check(); err != nil {
		return Result{}, err
	}
	if work < 0 || tokens < 0 {
		return Result{}, usagef("--work and --tokens must not be negative")
	}
	v := ClassifyEfficiency(work, tokens, p)
	return env.emit(ctx, SysEfficiency, v, journal.Record{}, EfficiencyDetail{
		Work: work, Tokens: tokens, MinTokens: p.MinTokens, Floor: p.Floor,
		Ratio: Ratio(work, tokens), UsageShape: shape, Reason: v.Reason,
	}), nil
}

// Breaker judges a failure class's counters.
func Breaker(ctx context.Context, env Env, consecutive, total int, p BreakerPolicy) (Result, error) {
	if err := p.Check(consecutive, total); err != nil {
		return Result{}, err
	}
	v := ClassifyBreaker(consecutive, total, p)
	return env.emit(ctx, SysBreaker, v, journal.Record{}, BreakerDetail{
		Consecutive: consecutive, Total: total, MaxConsecutive: p.MaxConsecutive,
		MaxTotal: p.MaxTotal, OnTrip: p.OnTrip, Reason: v.Reason,
	}), nil
}

// Reward judges whether a trajectory may be trained on.
func Reward(ctx context.Context, env Env, e RewardEvidence) (Result, error) {
	v := ClassifyReward(e)
	return env.emit(ctx, SysReward, v, journal.Record{}, RewardDetail{
		Claim: e.Claim, Confirm: e.Confirm, Refute: e.Refute, Forgeable: e.Forgeable, Reason: v.Reason,
	}), nil
}

// HookExit maps a hook's exit code to an intervention.
func HookExit(ctx context.Context, env Env, code int, m map[int]string) (Result, error) {
	v := ClassifyHookExit(code, m)
	return env.emit(ctx, SysHookExit, v, journal.Record{}, HookExitDetail{Code: code, Map: HookMapDetail(m), Reason: v.Reason}), nil
}

// ExecCapability classifies a command; the record keeps its hash, not its text.
func ExecCapability(ctx context.Context, env Env, command string, extra []string) (Result, error) {
	v, sh, err := ClassifyExecCapability(command, extra)
	if err != nil {
		return Result{}, err
	}
	return env.emit(ctx, SysExecCapability, v, journal.Record{}, ExecCapabilityDetail{
		CommandSHA256: CommandSHA256(command), Words: sh.Words, Segments: sh.Segments, Wrappers: sh.Wrappers,
		Assignments: sh.Assignments, Class: sh.Class, Matched: sh.Matched, Reason: v.Reason,
	}), nil
}

// Improve judges one self-improvement step.
func Improve(ctx context.Context, env Env, e ImproveEvidence, p ImprovePolicy) (Result, error) {
	if err := p.Check(e); err != nil {
		return Result{}, err
	}
	v, streak := ClassifyImprove(e, p)
	return env.emit(ctx, SysImprove, v, journal.Record{}, ImproveDetail{
		SuitePassed: e.SuitePassed, TruthClean: e.TruthClean, Work: e.Work, BaselineWork: e.BaselineWork,
		Tokens: e.Tokens, RevertStreak: streak, MaxReverts: p.MaxReverts, Reason: v.Reason,
	}), nil
}
