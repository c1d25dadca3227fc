package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// ExecCapability classifies a command; the record keeps its hash, not its text.
func ExecCapability(ctx context.Context, env Env, command string, extra []string) (Result, error) {
	v, sh := vocab.ClassifyExecCapability(command, extra)
	return env.emit(ctx, vocab.SysExecCapability, v, journal.Record{}, vocab.ExecCapabilityDetail{
		CommandSHA256: vocab.CommandSHA256(command), Words: sh.Words, Segments: sh.Segments, Wrappers: sh.Wrappers,
		Assignments: sh.Assignments, Class: sh.Class, Matched: sh.Matched, Reason: v.Reason,
	}), nil
}
