package cli

import (
	"bytes"
	"context"
	"flag"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/dos-go/dos/internal/golden"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// result is one in-process dos invocation.
type result struct {
	stdout, stderr string
	code           int
}

// dos runs the everyday dos in-process with only the given environment;
// dos-pipes runs as a child.
func dos(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	a := New(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] },
		Options{Environ: func() []string { return MinimalEnviron(env) }, ExecPipes: ChildHandoff(nil, &out, &errb)})
	code := a.Run(context.Background(), args)
	return result{out.String(), errb.String(), code}
}

// golden compares got with testdata/golden/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("..", "..", "testdata", "golden", name), got, *update)
}

// fixture copies a fixture journal from testdata/journals into a temp dir.
func fixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("cp", "-r", filepath.Join("..", "..", "testdata", "journals", name), dst)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("copy fixture: %v %s", err, out)
	}
	return dst
}

// dosStdin is dos with stdin.
func dosStdin(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	a := New(strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] },
		Options{Environ: func() []string { return MinimalEnviron(env) }, ExecPipes: ChildHandoff(nil, &out, &errb)})
	code := a.Run(context.Background(), args)
	return result{out.String(), errb.String(), code}
}
