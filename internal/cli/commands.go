package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// command is one top-level command: the word that runs it and how to
// build it.
type command struct {
	name  string
	build func(*App) *cobra.Command
}

// commands lists every top-level command of the lean tree (export, notify
// and mcp are the pipes' registration). A test holds each name to what
// its command is called.
func commands() []command {
	return []command{
		{"version", versionCmd}, {"journal", journalCmd}, {"hook", hookCmd}, {"guard", guardCmd},
		// verdicts
		{"verify", verifyCmd}, {"liveness", livenessCmd}, {"productivity", productivityCmd}, {"efficiency", efficiencyCmd},
		{"breaker", breakerCmd}, {"reward", rewardCmd}, {"hook-exit", hookExitCmd}, {"exec-capability", execCapabilityCmd},
		{"improve", improveCmd}, {"lease", leaseCmd}, {"arbitrate", arbitrateCmd}, {"scope-gate", scopeGateCmd},
		{"run", runCmd}, {"run-id", runIDCmd}, {"intent", intentCmd}, {"halt", haltCmd},
		{"exit-codes", exitCodesCmd}, {"quickstart", quickstartCmd},
		{"verify-result", verifyResultCmd}, {"coverage", coverageCmd}, {"arg-provenance", argProvenanceCmd},
		{"commit-audit", commitAuditCmd}, {"status", statusCmd}, {"rewind", rewindCmd}, {"id-alloc", idAllocCmd},
		{"pickable", pickableCmd}, {"enumerate", enumerateCmd}, {"cooldown", cooldownCmd},
		{"pick-priority", pickPriorityCmd}, {"reconcile", reconcileCmd},
		// views
		{"observe", view(observeCmd)}, {"helped", view(helpedCmd)}, {"trace", view(traceCmd)},
		{"resume", view(func(a *App) *cobra.Command { return resumeCmd(a, "resume") })},
		{"complete", view(func(a *App) *cobra.Command { return resumeCmd(a, "complete") })},
		{"decisions", view(decisionsCmd)}, {"top", view(topCmd)}, {"plan", view(planCmd)},
		// the workspace's rules
		{"init", initCmd}, {"lint", lintCmd}, {"doctor", doctorCmd},
	}
}

// addCommands adds the command named word to root, or every command when
// no command has that name.
func addCommands(root *cobra.Command, a *App, word string) {
	all := commands()
	for _, c := range all {
		if c.name == word {
			root.AddCommand(c.build(a))
			return
		}
	}
	for _, c := range all {
		root.AddCommand(c.build(a))
	}
}

// rootValued are the root's flags that take a value in the next argument.
func rootValued() []string { return []string{"--workspace", "--journal", "--output", "--driver"} }

// commandWord is the first argument of a command line that is neither a
// root flag nor a root flag's value: the top-level command it runs, or ""
// (no word, or everything after a bare "--").
func commandWord(args []string) string {
	valued := rootValued()
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return ""
		case strings.HasPrefix(a, "-"):
			for _, v := range valued {
				if a == v {
					i++
				}
			}
		default:
			return a
		}
	}
	return ""
}
