package cli

import (
	"github.com/dos-go/dos/journal"
	"github.com/spf13/cobra"
)

// One spelling for a run: the verbs about one run (trace, resume,
// complete, status) take it as their one positional argument or as
// --run-id, then $DOS_RUN_ID; observe and helped keep --run as an alias of
// their --run-id filter. Everywhere a run id is read, the run's OTLP trace
// id (32 hex digits, as Grafana and Tempo show it) is read as that run.

// AddRunIDFlag registers --run-id on cmd, and each alias (e.g. "run") as a
// hidden flag setting the same value.
func (a *App) AddRunIDFlag(cmd *cobra.Command, p *string, usage string, aliases ...string) {
	cmd.Flags().StringVar(p, "run-id", "", usage)
	for _, al := range aliases {
		cmd.Flags().StringVar(p, al, "", usage+" (an alias of --run-id)")
		_ = cmd.Flags().MarkHidden(al)
	}
	_ = cmd.RegisterFlagCompletionFunc("run-id", a.completeRunIDs)
}

// RunArg resolves the run a command is about: the positional argument or
// --run-id (both only when they agree), else $DOS_RUN_ID when useEnv. It
// returns the canonical ULID, or "" when none was given.
func (a *App) RunArg(args []string, flag string, useEnv bool) (string, error) {
	id, from := flag, "--run-id"
	if len(args) > 0 {
		if flag != "" && flag != args[0] {
			return "", UsageErrorf("the run is given twice (%s and --run-id %s): give one", args[0], flag)
		}
		id, from = args[0], "RUN_ID"
	}
	if id == "" && useEnv {
		id, from = a.getenv("DOS_RUN_ID"), "$DOS_RUN_ID"
	}
	if id == "" {
		return "", nil
	}
	return ParseRun(from, id)
}

// ParseRun reads one run id (a ULID or a 32-hex trace id) named by what,
// as a usage error when malformed.
func ParseRun(what, id string) (string, error) {
	canon, err := journal.ParseRunID(id)
	if err != nil {
		return "", UsageErrorf("%s %v", what, err)
	}
	return canon, nil
}
