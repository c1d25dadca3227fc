package cli

import (
	"fmt"

	"github.com/dos-go/dos/internal/version"
	"github.com/spf13/cobra"
)

func versionCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the dos version and the commit it was built from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := version.Get()
			if a.jsonOut {
				return a.PrintJSON(v)
			}
			fmt.Fprintln(a.stdout, v.Line())
			return nil
		},
	}
}
