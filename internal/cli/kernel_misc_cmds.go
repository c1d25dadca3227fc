package cli

import (
	"fmt"
	"os"
	"strings"

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
		Short: "Print what every command's exit code means: verdicts, views, journal verify, export, notify",
		Long: `Print what each exit code of every command means, generated from the same
table the verbs use: the verdict verbs, the views (resume and complete
return verdicts; the others print), journal verify, export and notify.
VERB is one command, as typed (lease acquire), by its syscall
(lease.acquire) or hyphenated (lease-acquire).`,
		Args: cobra.MaximumNArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			verbs := vocab.AllVerbs()
			if len(args) > 0 {
				name := strings.Join(args, " ")
				v, ok := vocab.LookupVerb(name)
				if !ok {
					var names []string
					for _, v := range verbs {
						names = append(names, v.Name)
					}
					if near := Suggest(name, names); len(near) > 0 {
						return UsageErrorf("no command %q; did you mean %s?", name, strings.Join(near, " or "))
					}
					return UsageErrorf("no command %q; `dos exit-codes` lists them all", name)
				}
				verbs = []vocab.Verb{v}
			}
			if a.jsonOut {
				if len(args) > 0 {
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
					switch {
					case tok == "" && v.Syscall != "":
						tok = "(recorded)"
					case tok == "":
						tok = "-"
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
			if a.jsonOut {
				return UsageErrorf("quickstart is a walk-through for people and has no --json; the verbs it shows each take --json")
			}
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
