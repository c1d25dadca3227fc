package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dos-go/dos/hooks/edge"
	"github.com/dos-go/dos/hooks/install"
	"github.com/spf13/cobra"
)

// initCmd is `dos init [DIR] --hooks HOST|auto [--dry-run] [--force]`.
// TODO(issue 13): dos.toml scaffolding joins this command as its own step;
// until then init wires hooks and writes .dos/.gitignore.
func initCmd(a *App) *cobra.Command {
	var hosts string
	var dryRun, force bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Wire dos into an agent host: its hooks in the host's settings, merged, never clobbering yours",
		Long: `With --hooks HOST (` + strings.Join(install.HostNames(), ", ") + `, or auto for every
host whose config directory is present), init merges dos's hook entries into
that host's settings file in DIR (default the workspace): your keys, their
order and your own hooks are kept byte for byte, the write is atomic, and a
second run changes nothing. --dry-run prints the diff and writes nothing;
--force replaces dos's own entries (and starts an invalid file afresh).`,
		GroupID: GroupHooks,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if hosts == "" {
				return UsageErrorf("dos init needs --hooks HOST (one of %s, or auto)", strings.Join(install.HostNames(), ", "))
			}
			if hosts != "auto" {
				if _, err := install.LookupHost(hosts); err != nil {
					return UsageErrorf("%v", err)
				}
			}
			dir := a.Paths().Workspace
			if len(args) == 1 {
				dir = args[0]
				if !filepath.IsAbs(dir) {
					dir = filepath.Join(a.Paths().Workspace, dir)
				}
			}
			if !dryRun {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return err
				}
			}
			lines, err := edge.Install(edge.InstallRequest{Dir: dir, Hosts: hosts, DryRun: dryRun, Force: force, Getenv: a.getenv})
			for _, l := range lines {
				fmt.Fprintln(a.stdout, l)
			}
			var ie *edge.InstallError
			if errors.As(err, &ie) {
				return WithCode(1, err)
			}
			if err != nil {
				return err
			}
			if !dryRun {
				fmt.Fprintln(a.stdout, "DOS workspace initialised. Try:  dos hook pretool --help   (docs/HOOKS.md has each host's settings)")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&hosts, "hooks", "", "the agent host to wire: "+strings.Join(install.HostNames(), ", ")+", or auto")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the diff of each settings file; write nothing")
	cmd.Flags().BoolVar(&force, "force", false, "replace dos's existing entries; start an invalid settings file afresh")
	return cmd
}
