package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/dos-go/dos/hooks"
	"github.com/dos-go/dos/hooks/edge"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

// GroupHooks groups the agent-host front door in `dos --help`.
const GroupHooks = "hooks"

// ExitHookUsage is a hook's exit code for a bad flag or dialect: visible
// and non-blocking (vocab.ExitHookUsage).
const ExitHookUsage = vocab.ExitHookUsage

// hookCmd is `dos hook pretool|posttool|stop|marker`.
func hookCmd(a *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hook",
		Short: "The agent host's hooks: judge a tool call, a step, a stop (always exit 0)",
		Long: `Each verb reads the host's JSON event on stdin (at most 16 MiB), decides,
prints the host's JSON decision on one line (or nothing), and appends one
journal record (kind hook). Every decision exits 0; a bad flag or dialect
exits 1, never 2 (which hosts read as "block every tool call"); when dos
itself fails the call goes ahead.

Wire them with ` + "`dos init --hooks claude-code`" + ` (see docs/HOOKS.md).`,
		GroupID: GroupHooks,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return WithCode(ExitHookUsage, fmt.Errorf("unknown hook %q: one of pretool, posttool, stop, marker", args[0]))
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return WithCode(ExitHookUsage, err) })
	for _, v := range []struct{ verb, short string }{
		{edge.VerbPretool, "Before a tool runs: deny a write into another run's lane, .dos/ or dos's own sources; warn an exec grant"},
		{edge.VerbPosttool, "After a tool ran: record the step; warn when a call keeps returning byte-identical results"},
		{edge.VerbStop, "When the agent stops: block while a claimed phase has no stamped commit behind it"},
		{edge.VerbMarker, "An opt-in stop budget for keep-alive polling loops"},
	} {
		cmd.AddCommand(hookVerbCmd(a, v.verb, v.short))
	}
	return cmd
}

func hookVerbCmd(a *App, verb, short string) *cobra.Command {
	var f edge.Flags
	var dialect string
	cmd := &cobra.Command{
		Use:   verb,
		Short: short,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return WithCode(ExitHookUsage, fmt.Errorf("dos hook %s takes no arguments (the event comes on stdin), got %q", verb, args[0]))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, ok := hooks.LookupDialect(dialect)
			if !ok {
				return WithCode(ExitHookUsage, fmt.Errorf("--dialect %q: one of %s", dialect, strings.Join(hooks.DialectNames(), ", ")))
			}
			if verb == edge.VerbStop && (f.Plan == "") != (f.Phase == "") {
				return WithCode(ExitHookUsage, fmt.Errorf("--plan and --phase go together (a claim is a plan and a phase)"))
			}
			f.JSON = a.jsonOut
			cwd, err := os.Getwd()
			if err != nil {
				cwd = "."
			}
			host, _ := os.Hostname()
			jopts, jerr := a.JournalOptions()
			edge.Run(cmd.Context(), edge.Call{
				JournalOptions: jopts, JournalErr: jerr,
				Verb: verb, Dialect: d, Flags: f, WorkspaceFlag: a.workspaceFlag, JournalFlag: a.journalFlag,
				Getenv: a.getenv, Now: a.now, Stdin: a.stdin, Stdout: a.stdout, Stderr: a.stderr,
				Cwd: cwd, Host: host, PPID: os.Getppid(),
			})
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&dialect, "dialect", hooks.DefaultDialect, "the host's protocol: "+strings.Join(hooks.DialectNames(), ", "))
	fl.BoolVar(&f.Debug, "debug", false, "diagnostics on stderr")
	switch verb {
	case edge.VerbPretool:
		fl.BoolVar(&f.Strict, "strict", false, "deny a command that grants arbitrary exec (default: warn)")
	case edge.VerbPosttool:
		fl.StringVar(&f.SessionID, "session-id", "", "the session (default: the event's session_id)")
	case edge.VerbStop:
		fl.StringVar(&f.Plan, "plan", "", "a claim to judge: its plan (with --phase)")
		fl.StringVar(&f.Phase, "phase", "", "a claim to judge: its phase (with --plan)")
		fl.StringVar(&f.Transcript, "transcript", "", "the transcript to read DOS-CLAIM markers from (default: the event's transcript_path)")
		fl.IntVar(&f.LastTurns, "last-turns", 1, "how many assistant turns to read markers from")
		fl.BoolVar(&f.Strict, "strict", false, "prose claims (\"AUTH2 is done\") block too")
		fl.BoolVar(&f.Force, "force", false, "judge even when the host is already continuing (stop_hook_active)")
	case edge.VerbMarker:
		fl.StringVar(&f.SessionID, "session-id", "", "the session (default: the event's session_id)")
		fl.BoolVar(&f.Reset, "reset", false, "start the budget again (wire on SessionStart / UserPromptSubmit)")
		fl.BoolVar(&f.Loop, "loop", false, "arm the budget without a loop variable ($DOS_LOOP, $CID_RUN_ID)")
		fl.IntVar(&f.MaxMarkers, "max-markers", edge.DefaultMaxMarkers, "turns to hold open before the stop goes through")
	}
	return cmd
}
