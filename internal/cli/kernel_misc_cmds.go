package cli

import (
	"fmt"
	"os"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

// exitCodesDoc is `dos exit-codes --json`.
type exitCodesDoc struct {
	UsageExitCode     int          `json:"usage_exit_code"`
	HookUsageExitCode int          `json:"hook_usage_exit_code"` // the hook verbs' (kind hook): never 2
	Verbs             []vocab.Verb `json:"verbs"`
}

func exitCodesCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "exit-codes [VERB]",
		Short: "Print what every verdict's exit code means (generated from the verbs' own table)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			verbs := append(vocab.Verbs(), vocab.WorkspaceVerbs()...)
			if len(args) == 1 {
				v, ok := vocab.LookupAnyVerb(args[0])
				if !ok {
					return UsageErrorf("no verb %q; `dos exit-codes` lists them all", args[0])
				}
				verbs = []vocab.Verb{v}
			}
			if a.jsonOut {
				if len(args) == 1 {
					return a.PrintJSON(verbs[0])
				}
				return a.PrintJSON(exitCodesDoc{UsageExitCode: vocab.ExitUsage, HookUsageExitCode: vocab.ExitHookUsage, Verbs: verbs})
			}
			out := a.Out()
			for i, v := range verbs {
				if i > 0 {
					fmt.Fprintln(a.stdout)
				}
				fmt.Fprintf(a.stdout, "%s — %s\n", out.Paint("1", "dos "+v.Name), v.Summary)
				tw := ui.Table(a.stdout)
				for _, o := range v.Outcomes {
					tok := o.Token
					if tok == "" {
						tok = "(recorded)"
					}
					fmt.Fprintf(tw, "  %d\t%s\t%s\n", o.Code, tok, o.Meaning)
				}
				if v.UsageCode() == vocab.ExitHookUsage {
					fmt.Fprintf(tw, "  %d\t%s\t%s\n", v.UsageCode(), "(error)", "a bad flag or dialect; never 2, which hosts read as \"block every tool call\"")
				} else {
					fmt.Fprintf(tw, "  %d\t%s\t%s\n", vocab.ExitUsage, "(error)", "bad input or missing evidence; never a verdict")
				}
				tw.Flush()
			}
			return nil
		},
	}
}

func quickstartCmd(a *App) *cobra.Command {
	var keep string
	cmd := &cobra.Command{
		Use:   "quickstart [--keep DIR]",
		Short: "See dos catch a false claim in a throwaway git repository (needs only git)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			host, _ := os.Hostname()
			return kernel.Quickstart(cmd.Context(), kernel.QuickstartOptions{
				Keep: keep, Out: a.stdout,
				Env: kernel.Env{Now: a.now, Host: host, PID: os.Getppid()},
			})
		},
	}
	cmd.Flags().StringVar(&keep, "keep", "", "build the repository here and keep it (a new or empty directory)")
	return cmd
}
