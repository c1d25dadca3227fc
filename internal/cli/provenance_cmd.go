package cli

import (
	"github.com/dos-go/dos/kernel"
	"github.com/spf13/cobra"
)

func argProvenanceCmd(a *App) *cobra.Command {
	var k kflags
	var req kernel.ArgProvenanceRequest
	cmd := &cobra.Command{
		Use:   "arg-provenance --tool T --args JSON [--prior BLOB…] [--prior-file F] [--task-text S] [--new-key A…] [--read]",
		Short: "Did a call's ids come from what the agent read? BELIEVE 0 / UNSUPPORTED 3",
		Long: `For a mutating tool call (its name has a write verb: create, update, delete,
send, …; --read says it only reads), every id-shaped argument (a uuid, an
email, letters with digits, a bare number, a *_id value) must be traced to
environment-authored bytes: the task text, each --prior blob and the lines
of --prior-file. Verbatim, or every data-bearing part of it (its digit runs,
uuid chunks, the email's domain); otherwise it looks model-minted and the
call is UNSUPPORTED. An empty corpus (the first call) is BELIEVE. --new-key
names arguments minted on purpose. The record keeps counts and argument
names, never the values.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.ArgProvenance(cmd.Context(), env, req)
			})
		},
	}
	cmd.Flags().StringVar(&req.Tool, "tool", "", "the tool being called")
	cmd.Flags().StringVar(&req.Args, "args", "", "the call's arguments, a JSON object")
	cmd.Flags().StringArrayVar(&req.Priors, "prior", nil, "a blob the environment wrote (a tool result the agent read); repeatable")
	cmd.Flags().StringVar(&req.PriorFile, "prior-file", "", "a file of such blobs, one per line")
	cmd.Flags().StringVar(&req.TaskText, "task-text", "", "the task text the agent was given")
	cmd.Flags().StringArrayVar(&req.NewKeys, "new-key", nil, "an argument minted on purpose (repeatable)")
	cmd.Flags().BoolVar(&req.Read, "read", false, "the call only reads: not gated")
	k.add(cmd)
	return cmd
}
