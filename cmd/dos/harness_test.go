package main

import (
	"bytes"
	"context"
	"flag"
	"os"
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

// dos runs the CLI in-process with only the given environment.
func dos(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	a := newApp(strings.NewReader(""), &out, &errb, getenv)
	a.environ = func() []string {
		list := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
		for k, v := range env {
			list = append(list, k+"="+v)
		}
		return list
	}
	a.execPipes = func(path string, argv, environ []string) error { // a child, not an exec over the test
		cmd := exec.Command(path, argv[1:]...)
		cmd.Env, cmd.Stdout, cmd.Stderr = environ, &out, &errb
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				return exitWith(ee.ExitCode())
			}
			return err
		}
		return nil
	}
	code := a.run(context.Background(), args)
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
