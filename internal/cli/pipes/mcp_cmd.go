package pipes

import (
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/dos-go/dos/internal/cli"
	"github.com/dos-go/dos/internal/mcp"
)

// mcpCmd is `dos mcp`: the MCP server over stdio. It runs in dos-pipes
// (dos hands `dos mcp` over, as it does export and notify) so the SDK
// never weighs on the lean binary every hook starts.
func mcpCmd(a *cli.App) *cobra.Command {
	return &cobra.Command{
		Use:   "mcp",
		Short: "Serve dos's tools to an agent over MCP (stdio): dos_verify, dos_status, dos_arbitrate, dos_trace, …",
		Long: `mcp speaks the Model Context Protocol on stdin and stdout until the client
hangs up. Every tool is the same kernel or view call the CLI verb makes:
dos_verify journals a verify record (source mcp), dos_status a liveness
verdict; dos_arbitrate, dos_trace, dos_decisions, dos_doctor and the reason
lookups journal nothing. Each tool's workspace is its argument, else
$DOS_WORKSPACE, else the directory the server runs in. A call that takes
longer than $DOS_MCP_TOOL_DEADLINE_MS (default 5000; 0 disables) answers
STALLED instead of hanging the agent.`,
		GroupID: cli.GroupHooks,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cwd, err := os.Getwd()
			if err != nil {
				return err
			}
			host, _ := os.Hostname()
			jopts, err := a.JournalOptions()
			if err != nil {
				return err
			}
			cfg := mcp.Config{Getenv: a.Getenv, Now: a.Now, Cwd: cwd, Host: host, PID: os.Getppid(), JournalOptions: jopts}
			return mcp.Serve(cli.CtxOr(cmd), cfg, io.NopCloser(a.Stdin()), nopCloser{a.Stdout()})
		},
	}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
