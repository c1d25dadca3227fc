// Package clitest runs dos's command tree in-process for tests: only the
// environment a test gives, its own streams, and dos-pipes run as a child
// (never exec'd over the test binary).
package clitest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/cli"
	"github.com/dos-go/dos/internal/golden"
)

// Result is one in-process dos invocation.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Run runs one command line with only env as its environment. pipes is
// the dos-pipes registration (nil: the everyday dos, whose export and
// notify hand off to $DOS_PIPES).
func Run(t testing.TB, pipes cli.Register, env map[string]string, args ...string) Result {
	t.Helper()
	var out, errb bytes.Buffer
	a := cli.New(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] },
		cli.Options{Pipes: pipes, Environ: func() []string { return cli.MinimalEnviron(env) }, ExecPipes: cli.ChildHandoff(nil, &out, &errb)})
	code := a.Run(context.Background(), args)
	return Result{out.String(), errb.String(), code}
}

// Root is the repository's top directory (where go.mod is), found upward
// from the test's working directory.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Golden compares got with testdata/golden/name, rewriting it when update.
func Golden(t testing.TB, name, got string, update bool) {
	t.Helper()
	golden.Check(t, filepath.Join(Root(t), "testdata", "golden", name), got, update)
}

// Fixture copies the fixture journal testdata/journals/name into a temp dir.
func Fixture(t testing.TB, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("cp", "-r", filepath.Join(Root(t), "testdata", "journals", name), dst)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("copy fixture: %v %s", err, out)
	}
	return dst
}
