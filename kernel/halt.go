package kernel

import (
	"context"
	"slices"
	"strings"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Halt records a proposal that an operator halts the Env's run.
func Halt(ctx context.Context, env Env, reason string) (Result, error) {
	if err := env.needRun("halt"); err != nil {
		return Result{}, err
	}
	if !slices.Contains(vocab.HaltReasons(), reason) {
		return Result{}, vocab.Usagef("--reason %q: must be one of %s", reason, strings.Join(vocab.HaltReasons(), ", "))
	}
	v := vocab.Verdictf(vocab.VerdictProposed, reason, "halt of run %s proposed (%s); an operator decides", env.RunID, reason)
	return env.emit(ctx, vocab.SysHalt, v, journal.Record{}, vocab.HaltDetail{Reason: reason}), nil
}
