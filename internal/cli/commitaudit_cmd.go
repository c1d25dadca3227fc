package cli

import (
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func commitAuditCmd(a *App) *cobra.Command {
	var k kflags
	var req kernel.CommitAuditRequest
	cmd := &cobra.Command{
		Use:   "commit-audit [REF | A..B] [--sweep] [--warn-only] [--docs-ok]",
		Short: "Does each commit's subject claim what its diff shows? WITNESSED 0 / NO_CLAIMS 0 / EMPTY 0 / UNWITNESSED 1",
		Long: `Reads what each subject claims (a fix or feature, docs, tests, or nothing
checkable) and whether git's numstat witnesses it: a code-effect claim needs
a source file (or data, or a CI file for a ci: commit; --docs-ok accepts a
docs-only diff), a test claim a test file (and "tests pass" must not delete
test lines), a doc claim any change. REF defaults to HEAD; A..B reads up to
500 commits newest first. --sweep adds the drift rate. --warn-only exits 0.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				req.Ref = args[0]
			}
			err := a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				res, err := kernel.CommitAudit(cmd.Context(), env, req)
				if err == nil && res.Verdict.Token == vocab.VerdictUnwitnessed && !req.WarnOnly {
					defer a.Warnf("commit-audit: %s", firstLine(res.Verdict.Why))
				}
				return res, err
			})
			return err
		},
	}
	cmd.Flags().BoolVar(&req.Sweep, "sweep", false, "add the drift summary (unwitnessed / checkable)")
	cmd.Flags().BoolVar(&req.WarnOnly, "warn-only", false, "report, but exit 0")
	cmd.Flags().BoolVar(&req.DocsOK, "docs-ok", false, "a docs-only diff witnesses a code-effect claim")
	k.add(cmd)
	return cmd
}

func firstLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}
