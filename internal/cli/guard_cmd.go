package cli

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/dos-go/dos/hooks"
	"github.com/spf13/cobra"
)

// guardCmd is `dos guard [flags] -- CMD…`: the host runs in dos's place,
// with dos's MCP server and hooks added, so its exit code, signals and
// stdio are the host's own.
func guardCmd(a *App) *cobra.Command {
	var o hooks.GuardOptions
	var printConfig bool
	cmd := &cobra.Command{
		Use:   "guard [flags] -- CMD...",
		Short: "Run an agent host (claude …) with dos's MCP server and hooks added; its exit code passes through",
		Long: `guard appends to the host's command line dos's MCP server (--mcp-config) and
its hooks (--settings: pretool and posttool, plus stop with --verify-on-stop),
then replaces itself with the host: the exit code, signals and terminal are
the host's. --print-config shows the plan (with --json as one document) and
runs nothing. The flags added are Claude Code's.`,
		GroupID: GroupHooks,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return UsageErrorf("dos guard needs a host command after `--`, e.g. dos guard --verify-on-stop -- claude")
			}
			p := hooks.PlanGuard(args, o)
			if printConfig {
				if a.jsonOut {
					return a.PrintJSON(p)
				}
				fmt.Fprintf(a.stdout, "host command: %s\n", strings.Join(p.HostCommand, " "))
				if p.MCPConfig != "" {
					fmt.Fprintf(a.stdout, "mcp config:   %s\n", p.MCPConfig)
				}
				if p.Settings != "" {
					fmt.Fprintf(a.stdout, "settings:     %s\n", p.Settings)
				}
				fmt.Fprintf(a.stdout, "argv:         %q\n", p.Argv)
				for _, n := range p.Notes {
					fmt.Fprintf(a.stdout, "note: %s\n", n)
				}
				return nil
			}
			for _, n := range p.Notes {
				fmt.Fprintf(a.stderr, "dos guard: note: %s\n", n)
			}
			bin, err := exec.LookPath(p.Argv[0])
			if err != nil {
				if errors.Is(err, exec.ErrNotFound) {
					return WithCode(127, fmt.Errorf("guard: host command not found on PATH: %q", p.Argv[0]))
				}
				return WithCode(126, fmt.Errorf("guard: %v", err))
			}
			return a.execPipes(bin, p.Argv, a.environ())
		},
	}
	cmd.Flags().SetInterspersed(false)
	fl := cmd.Flags()
	fl.BoolVar(&o.NoMCP, "no-mcp", false, "do not mount dos's MCP server")
	fl.BoolVar(&o.NoHooks, "no-hooks", false, "do not add the pretool and posttool hooks")
	fl.BoolVar(&o.VerifyOnStop, "verify-on-stop", false, "add the stop hook: a claimed phase with no stamped commit sends the agent back")
	fl.BoolVar(&o.ClaimPrompt, "claim-prompt", false, "ask the agent (--append-system-prompt) to end each unit of work with a DOS-CLAIM line")
	fl.BoolVar(&o.StrictMCP, "strict-mcp", false, "mount only dos's MCP server (--strict-mcp-config)")
	fl.BoolVar(&printConfig, "print-config", false, "print the plan (with --json as one document) and run nothing")
	return cmd
}
