package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// HookExit maps a hook's exit code to an intervention.
func HookExit(ctx context.Context, env Env, code int, m map[int]string) (Result, error) {
	v := vocab.ClassifyHookExit(code, m)
	return env.emit(ctx, vocab.SysHookExit, v, journal.Record{}, vocab.HookExitDetail{Code: code, Map: vocab.HookMapDetail(m), Reason: v.Reason}), nil
}
