// Package pipes holds the commands of dos-pipes that drain the journal
// outward: export (file, statsd, otlp) and notify (slack, webhook). They
// live apart from internal/cli so the everyday dos never links the
// OpenTelemetry, DogStatsD and Slack clients.
package pipes

import (
	"github.com/spf13/cobra"

	"github.com/dos-go/dos/internal/cli"
)

// Register adds export and notify to root: what cmd/dos-pipes passes to
// cli.Main.
func Register(root *cobra.Command, a *cli.App) {
	addExportCommands(root, a)
	addNotifyCommands(root, a)
	root.AddCommand(mcpCmd(a))
}
