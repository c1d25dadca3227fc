package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// pipesBin builds dos-pipes (cmd/dos-pipes) once.
var pipesBin = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp(testTmp, "dos-pipes-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, pipesName)
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, "../../cmd/dos-pipes").CombinedOutput()
	if err != nil {
		return "", &buildError{string(out)}
	}
	return bin, nil
})

type buildError struct{ out string }

func (e *buildError) Error() string { return "build dos-pipes: " + e.out }

func pipes(t *testing.T) string {
	t.Helper()
	bin, err := pipesBin()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestPipes_ExportAndNotifyRunInDosPipes(t *testing.T) {
	env := map[string]string{"DOS_PIPES": pipes(t), "DOS_JOURNAL": fixture(t, "basic")}
	r := dos(t, env, "export", "--to", "null")
	if r.code != 0 || !strings.Contains(r.stdout, "exported 11 records (seq 1..11) to null") {
		t.Fatalf("export: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	// root flags given before the command word travel with it
	r = dos(t, map[string]string{"DOS_PIPES": env["DOS_PIPES"]}, "--journal", env["DOS_JOURNAL"], "--json", "export", "status")
	var st any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &st) != nil {
		t.Fatalf("export status --json: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = dos(t, env, "notify", "decisions", "--notifier", "null", "--dry-run")
	if r.code != 0 {
		t.Fatalf("notify: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	// exit codes and --help are the sibling's own
	if r := dos(t, env, "export", "--to", "nowhere"); r.code != 2 || !strings.Contains(r.stderr, "nowhere") {
		t.Fatalf("bad driver: exit %d %q", r.code, r.stderr)
	}
	if r := dos(t, env, "export", "--help"); r.code != 0 || !strings.Contains(r.stdout, "--endpoint") {
		t.Fatalf("help: exit %d %q", r.code, r.stdout)
	}
}

func TestPipes_MissingSiblingIsAClearExit2(t *testing.T) {
	r := dos(t, map[string]string{"DOS_PIPES": filepath.Join(t.TempDir(), "nope")}, "export", "--to", "null")
	if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "DOS_PIPES") {
		t.Fatalf("exit %d %q", r.code, r.stderr)
	}
}

func TestPipes_CompletionAsksTheSibling(t *testing.T) {
	env := map[string]string{"DOS_PIPES": pipes(t)}
	r := dos(t, env, "__complete", "export", "--ti")
	if r.code != 0 || !strings.Contains(r.stdout, "--timeout") {
		t.Fatalf("exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = dos(t, env, "__complete", "notify", "")
	if !strings.Contains(r.stdout, "decisions") || !strings.Contains(r.stdout, "top") {
		t.Fatalf("notify subcommands: %q", r.stdout)
	}
}

func TestPipes_EverydayBinaryLinksNoPipeLibraries(t *testing.T) {
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", "../../cmd/dos").CombinedOutput()
	if err != nil {
		t.Fatalf("%v %s", err, out)
	}
	for _, heavy := range []string{"go.opentelemetry.io/otel/sdk/log", "google.golang.org/grpc", "github.com/slack-go/slack", "github.com/DataDog/datadog-go/v5/statsd", "github.com/dos-go/dos/exporters", "github.com/spf13/cobra/doc", "go.yaml.in/yaml/v3"} {
		if strings.Contains(string(out), heavy+"\n") {
			t.Errorf("dos links %s; it belongs in dos-pipes", heavy)
		}
	}
}

// `dos mcp` is handed to dos-pipes like export and notify: the lean dos
// never links the MCP SDK.
func TestPipes_MCPRunsInDosPipes(t *testing.T) {
	env := map[string]string{"DOS_PIPES": pipes(t)}
	r := dos(t, env, "mcp", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "Model Context Protocol") {
		t.Fatalf("mcp --help: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
}
