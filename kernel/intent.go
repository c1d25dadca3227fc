package kernel

import (
	"context"
	"fmt"
	"strings"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// IntentDeclare records the steps the Env's run plans.
func IntentDeclare(ctx context.Context, env Env, plan string, steps []string) (Result, error) {
	if err := env.needRun("intent declare"); err != nil {
		return Result{}, err
	}
	if err := checkPlan(plan); err != nil {
		return Result{}, err
	}
	if len(steps) == 0 {
		return Result{}, vocab.Usagef("intent declare needs at least one STEP (a phase token such as AUTH1)")
	}
	seen := map[string]bool{}
	for _, s := range steps {
		if err := vocab.CheckToken("step", s); err != nil {
			return Result{}, &vocab.UsageError{Msg: err.Error()}
		}
		if seen[strings.ToLower(s)] {
			return Result{}, vocab.Usagef("step %s is declared twice", s)
		}
		seen[strings.ToLower(s)] = true
	}
	res := env.emit(ctx, vocab.SysIntentDeclare, vocab.Verdict{Why: "declared"}, journal.Record{Subject: plan}, vocab.IntentDeclareDetail{Plan: plan, Steps: steps})
	res.Line = fmt.Sprintf("run %s declared %s", env.RunID, strings.Join(steps, " "))
	return res, nil
}

// IntentClaim records that the agent says step is done, together with what
// git says about it at that moment: SHIPPED when a stamped commit that
// changed files backs the claim, NOT_SHIPPED — an over-claim, exit 1 — when
// none does. The claim itself is never believed, and the views (trace,
// resume, helped, decisions) re-verify it against git whenever they run.
// Without git evidence (no repository) it is a usage error, never a guess.
func IntentClaim(ctx context.Context, env Env, plan, step string) (Result, error) {
	if err := env.needRun("intent claim"); err != nil {
		return Result{}, err
	}
	if err := checkPlan(plan); err != nil {
		return Result{}, err
	}
	if err := vocab.CheckToken("step", step); err != nil {
		return Result{}, &vocab.UsageError{Msg: err.Error()}
	}
	ev, err := gatherVerify(ctx, env, VerifyRequest{Plan: plan, Phase: step, Ref: "HEAD"})
	if err != nil {
		return Result{}, err
	}
	v, vd := vocab.ClassifyVerify(plan, step, ev)
	d := vocab.IntentClaimDetail{Plan: plan, Step: step, Head: vd.Head, Via: vd.Via, SHA: vd.SHA, FilesChanged: vd.FilesChanged, Reason: vd.Reason}
	if v.Token == vocab.VerdictShipped {
		v.Why = fmt.Sprintf("run %s claims %s: backed by %s (via %s)", env.RunID, step, vocab.ShortSHA(vd.SHA), vd.Via)
	} else {
		v.Why = fmt.Sprintf("run %s claims %s, but git does not back it (%s): an over-claim; see `dos trace %s`", env.RunID, step, vd.Reason, env.RunID)
	}
	res := env.emit(ctx, vocab.SysIntentClaim, v, journal.Record{Subject: step}, d)
	res.Line = v.Token + "  " + v.Why
	return res, nil
}

func checkPlan(plan string) error {
	if plan == "" {
		return nil
	}
	if err := vocab.CheckToken("--plan", plan); err != nil {
		return &vocab.UsageError{Msg: err.Error()}
	}
	return nil
}
