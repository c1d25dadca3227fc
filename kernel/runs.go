package kernel

import (
	"context"
	"fmt"
	"strings"

	"github.com/dos-go/dos/journal"
)

// Runs and intents: the correlation spine. These records carry no verdict
// (except halt's PROPOSED); claims are recorded, never believed.

// RunStartRequest starts a run.
type RunStartRequest struct {
	Parent string // parent run id, optional
	Name   string // a token naming the run, optional
}

// RunStart mints a run id and appends its run.start record. The Result's
// Line is the shell line exporting it.
func RunStart(ctx context.Context, env Env, req RunStartRequest) (Result, error) {
	if req.Parent != "" && !journal.ValidRunID(req.Parent) {
		return Result{}, usagef("--parent %q is not a run id (a 26-character ULID)", req.Parent)
	}
	if req.Name != "" {
		if err := CheckToken("--name", req.Name); err != nil {
			return Result{}, &UsageError{err.Error()}
		}
	}
	id, err := MintRunID(env.now(), env.Entropy)
	if err != nil {
		return Result{}, err
	}
	res := env.emit(ctx, SysRunStart, Verdict{Why: "run started"}, journal.Record{RunID: id, ParentRunID: req.Parent, Subject: req.Name}, RunStartDetail{PID: env.PID})
	res.Line = "export DOS_RUN_ID=" + id
	return res, nil
}

// RunEnd appends the Env's run's run.end record.
func RunEnd(ctx context.Context, env Env, status string) (Result, error) {
	if err := env.needRun("run end"); err != nil {
		return Result{}, err
	}
	if status == "" {
		status = "done"
	}
	if !contains(runStatuses, status) {
		return Result{}, usagef("--status %q: must be one of %s", status, strings.Join(runStatuses, ", "))
	}
	res := env.emit(ctx, SysRunEnd, Verdict{Why: "run ended"}, journal.Record{}, RunEndDetail{Status: status})
	res.Line = fmt.Sprintf("run %s ended (%s)", env.RunID, status)
	return res, nil
}

// IntentDeclare records the steps the Env's run plans.
func IntentDeclare(ctx context.Context, env Env, plan string, steps []string) (Result, error) {
	if err := env.needRun("intent declare"); err != nil {
		return Result{}, err
	}
	if err := checkPlan(plan); err != nil {
		return Result{}, err
	}
	if len(steps) == 0 {
		return Result{}, usagef("intent declare needs at least one STEP (a phase token such as AUTH1)")
	}
	seen := map[string]bool{}
	for _, s := range steps {
		if err := CheckToken("step", s); err != nil {
			return Result{}, &UsageError{err.Error()}
		}
		if seen[strings.ToLower(s)] {
			return Result{}, usagef("step %s is declared twice", s)
		}
		seen[strings.ToLower(s)] = true
	}
	res := env.emit(ctx, SysIntentDeclare, Verdict{Why: "declared"}, journal.Record{Subject: plan}, IntentDeclareDetail{Plan: plan, Steps: steps})
	res.Line = fmt.Sprintf("run %s declared %s", env.RunID, strings.Join(steps, " "))
	return res, nil
}

// IntentClaim records that the agent says step is done. It is not
// believed: trace and resume re-verify every claim against git.
func IntentClaim(ctx context.Context, env Env, plan, step string) (Result, error) {
	if err := env.needRun("intent claim"); err != nil {
		return Result{}, err
	}
	if err := checkPlan(plan); err != nil {
		return Result{}, err
	}
	if err := CheckToken("step", step); err != nil {
		return Result{}, &UsageError{err.Error()}
	}
	res := env.emit(ctx, SysIntentClaim, Verdict{Why: "claimed"}, journal.Record{Subject: step}, IntentClaimDetail{Plan: plan, Step: step})
	res.Line = fmt.Sprintf("run %s claims %s (recorded, not believed: `dos trace %s` checks it against git)", env.RunID, step, env.RunID)
	return res, nil
}

// Halt records a proposal that an operator halts the Env's run.
func Halt(ctx context.Context, env Env, reason string) (Result, error) {
	if err := env.needRun("halt"); err != nil {
		return Result{}, err
	}
	if !contains(haltReasons, reason) {
		return Result{}, usagef("--reason %q: must be one of %s", reason, strings.Join(haltReasons, ", "))
	}
	v := verdict(VerdictProposed, reason, "halt of run %s proposed (%s); an operator decides", env.RunID, reason)
	return env.emit(ctx, SysHalt, v, journal.Record{}, HaltDetail{Reason: reason}), nil
}

func checkPlan(plan string) error {
	if plan == "" {
		return nil
	}
	if err := CheckToken("--plan", plan); err != nil {
		return &UsageError{err.Error()}
	}
	return nil
}
