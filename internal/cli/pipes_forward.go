package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// The everyday dos binary leaves export and notify to its sibling dos-pipes
// (cmd/dos-pipes: this command tree plus internal/cli/pipes). Those
// two carry the OpenTelemetry SDK, gRPC's protobuf types, the DogStatsD
// and Slack clients, whose initialisers and pages would otherwise add ~2 ms
// to every verdict an agent's hook asks for. `make build` builds both and
// `dos export …` replaces itself with `dos-pipes export …`, so flags,
// signals, output and exit codes are the sibling's own.

// pipesName is the sibling binary's name (its file adds exeSuffix).
const pipesName = "dos-pipes"

// addForwarders registers export and notify as hand-offs to dos-pipes.
func addForwarders(root *cobra.Command, a *App) {
	root.AddCommand(forwardCmd(a, "export", "Drain the journal to a file, DogStatsD or OTLP from a saved cursor (cron-safe)"),
		forwardCmd(a, "notify", "Post the decision queue (or what is running) to Slack or a webhook, once per change (cron-safe)"))
	mcp := forwardCmd(a, "mcp", "Serve dos's tools to an agent over MCP (stdio): dos_verify, dos_status, dos_arbitrate, dos_trace, …")
	mcp.GroupID = GroupHooks
	root.AddCommand(mcp)
}

// forwardCmd is a command whose every argument, --help included, goes to
// dos-pipes.
func forwardCmd(a *App, name, short string) *cobra.Command {
	return &cobra.Command{
		Use:                name,
		Short:              short,
		GroupID:            GroupPipes,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			bin, err := a.pipesBinary()
			if err != nil {
				return err
			}
			return a.execPipes(bin, append([]string{bin, name}, append(a.rootFlagArgs(), args...)...), a.environ())
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return a.forwardCompletion(name, args, toComplete)
		},
	}
}

// pipesBinary finds dos-pipes: $DOS_PIPES, else beside this executable,
// else on $PATH.
func (a *App) pipesBinary() (string, error) {
	if p := a.getenv("DOS_PIPES"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", WithCode(2, fmt.Errorf("DOS_PIPES=%s: %v", p, err))
		}
		return p, nil
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), pipesName+exeSuffix)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath(pipesName); err == nil {
		return p, nil
	}
	return "", WithCode(2, fmt.Errorf("export and notify run in %s, which is neither beside dos nor on PATH: install both (make install, or `go install ./cmd/...` from a checkout)", pipesName))
}

// rootFlagArgs re-states the root flags given before the command word.
func (a *App) rootFlagArgs() []string {
	var out []string
	if a.workspaceFlag != "" {
		out = append(out, "--workspace", a.workspaceFlag)
	}
	if a.journalFlag != "" {
		out = append(out, "--journal", a.journalFlag)
	}
	if a.jsonOut {
		out = append(out, "--json")
	}
	return out
}

// forwardCompletion asks dos-pipes to complete the command line.
func (a *App) forwardCompletion(name string, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	bin, err := a.pipesBinary()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	argv := append(append([]string{cobra.ShellCompRequestCmd, name}, args...), toComplete)
	out, err := exec.Command(bin, argv...).Output()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var comps []string
	directive := cobra.ShellCompDirectiveDefault
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if d, ok := strings.CutPrefix(line, ":"); ok {
			if n, err := strconv.Atoi(d); err == nil {
				directive = cobra.ShellCompDirective(n)
			}
			continue
		}
		if line != "" && !strings.HasPrefix(line, "Completion ended") {
			comps = append(comps, line)
		}
	}
	return comps, directive
}
