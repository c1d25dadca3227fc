package cli

import (
	"github.com/spf13/cobra"
)

// The reference's global flags, accepted so its users' scripts run
// unchanged: --output text|json (json is --json), --driver NAME and --job
// (--driver job). Drivers change the reference's defaults (its stamp and
// lane taxonomy); here the workspace's dos.toml does, so a known driver is
// accepted and an unknown one is exit 2, as there.

// compatFlags are the global flags' values.
type compatFlags struct {
	output string
	driver string
	job    bool
}

// addCompatFlags registers --output, --driver and --job on root and checks
// them before any command runs.
func addCompatFlags(root *cobra.Command, a *App) {
	var f compatFlags
	root.PersistentFlags().StringVar(&f.output, "output", "text", "text, or json (the same as --json)")
	root.PersistentFlags().StringVar(&f.driver, "driver", "generic", "the reference's workspace driver: generic or job (dos.toml describes the workspace here)")
	root.PersistentFlags().BoolVar(&f.job, "job", false, "the same as --driver job")
	for _, n := range []string{"driver", "job"} {
		_ = root.PersistentFlags().MarkHidden(n)
	}
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		switch f.output {
		case "text", "":
		case "json":
			a.jsonOut = true
		default:
			return UsageErrorf("unknown renderer %q for --output: use text or json", f.output)
		}
		if f.job {
			f.driver = "job"
		}
		if f.driver != "generic" && f.driver != "job" { // the reference's built-in drivers
			return UsageErrorf("unknown driver %q (known: generic, job)", f.driver)
		}
		a.driver = f.driver
		return nil
	}
}
