package cli

import (
	"github.com/dos-go/dos/kernel"
	"github.com/spf13/cobra"
)

func idAllocCmd(a *App) *cobra.Command {
	var k kflags
	var start int64
	allocate := &cobra.Command{
		Use:   "allocate SCOPE [--start N]",
		Short: "Allocate the scope's next id (never reused, never skipped): ALLOCATED 0",
		Long: `Prints the scope's high-water mark + 1 (a new scope starts at --start,
default 1; --start is ignored once the scope exists) and appends one
id.alloc record. Concurrent allocations of a scope, from any process, are
serialised; an id exists only once its record is durable. --json prints
{"id":N,"scope":S} beside the record's fields.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.IDAllocate(cmd.Context(), env, args[0], start)
			})
		},
	}
	allocate.Flags().Int64Var(&start, "start", 1, "the first id of a new scope")
	k.add(allocate)
	allocate.GroupID = ""
	peek := &cobra.Command{
		Use:   "peek SCOPE",
		Short: `Print {"id":N,"scope":S}: the scope's last id (null when none); records nothing`,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := kernel.IDPeek(cmd.Context(), a.Paths().Journal, args[0])
			if err != nil {
				return err
			}
			return a.PrintJSON(struct {
				ID    *int64 `json:"id"`
				Scope string `json:"scope"`
			}{id, args[0]})
		},
	}
	cmd := &cobra.Command{
		Use:     "id-alloc",
		Short:   "Gap-free, never-reused ids per scope, across processes",
		GroupID: GroupVerdicts,
		Args:    cobra.ArbitraryArgs,
		RunE:    ParentRunE,
	}
	cmd.AddCommand(allocate, peek)
	return cmd
}
