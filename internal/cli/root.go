package cli

import (
	"fmt"

	"github.com/dos-go/dos/internal/version"
	"github.com/spf13/cobra"
)

// Command groups in `dos --help`.
const (
	GroupVerdicts = "verdicts"
	GroupViews    = "views"
	GroupPipes    = "pipes"
	GroupJournal  = "journal"
)

// NewRoot is the whole command tree of a (genman walks it).
func NewRoot(a *App) *cobra.Command { return newRoot(a, "") }

// newRoot builds the root and its commands: only the top-level command
// named word when there is one by that name, else all of them (help, an
// alias, a typo's suggestions and shell completion see the whole tree).
// Building every command's flags costs a process several hundred
// microseconds, and a hook runs on every tool call an agent makes.
func newRoot(a *App, word string) *cobra.Command {
	root := &cobra.Command{
		Use:   "dos",
		Short: "The referee for AI coding agents: verdicts from evidence, never from the agent's word",
		Long: `dos computes verdicts from evidence an agent did not write — git history, the
clock, counts the host hands in — and appends one record per verdict to an
append-only, hash-chained journal. Views fold that journal; export and notify
drain it to your dashboards and your Slack.

The workspace is --workspace › $DOS_WORKSPACE › $DISPATCH_WORKSPACE › the
current directory; the journal is --journal › $DOS_JOURNAL ›
<workspace>/.dos/journal. Coming from the Python reference: docs/MIGRATING.md.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// A mistyped command word is refused with the closest ones (exit 2).
		Args: cobra.ArbitraryArgs,
	}
	// --version by hand: cobra's Version field prints through text/template,
	// which makes the linker keep every exported method (+2 MB in dos).
	var showVersion bool
	root.Flags().BoolVar(&showVersion, "version", false, "print the version and the commit dos was built from (as `dos version` does)")
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if showVersion && len(args) == 0 {
			fmt.Fprintln(a.stdout, version.Get().Line())
			return nil
		}
		return ParentRunE(cmd, args)
	}
	root.PersistentFlags().StringVar(&a.workspaceFlag, "workspace", "", "the git repository dos judges (default $DOS_WORKSPACE, else the current directory)")
	root.PersistentFlags().StringVar(&a.journalFlag, "journal", "", "journal directory (default $DOS_JOURNAL, else <workspace>/.dos/journal)")
	root.PersistentFlags().BoolVar(&a.jsonOut, "json", false, "print JSON instead of text: one document (JSON Lines for journal tail and cat)")
	root.PersistentFlags().BoolVar(&a.strictConfig, "strict-config", false, "exit 2 when dos.toml has a malformed table (default $DOS_STRICT_CONFIG)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return WithCode(2, err) })
	addCompatFlags(root, a) // the reference's --output, --driver, --job (compat_flags.go)
	root.AddGroup(
		&cobra.Group{ID: GroupVerdicts, Title: "Verdicts (each appends one journal record; the exit code is the verdict):"},
		&cobra.Group{ID: GroupViews, Title: "Views (read-only folds of the journal):"},
		&cobra.Group{ID: GroupPipes, Title: "Pipes (drain the journal outward):"},
		&cobra.Group{ID: GroupJournal, Title: "The journal itself:"},
		&cobra.Group{ID: GroupHooks, Title: "The agent's front door (hooks, MCP):"},
	)
	addCommands(root, a, word)
	a.pipes(root, a)
	applyAliases(root, a) // the reference's flag spellings (compat_aliases.go)
	wireArgs(root)
	return root
}
