package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func ev(sec int, action, pkg, test, output string) Event {
	return Event{Time: t0.Add(time.Duration(sec) * time.Second), Action: action, Package: "example.com/m/" + pkg, Test: test, Output: output, Elapsed: float64(sec)}
}

// TestProgress_PrintsPackagesFailuresAndAHeartbeat: a finished package is
// one line; a failed test prints its own output and nothing of the tests
// that passed; the heartbeat names what is still running.
func TestProgress_PrintsPackagesFailuresAndAHeartbeat(t *testing.T) {
	p := newProgress("example.com/m")
	var out []string
	for _, e := range []Event{
		ev(0, "start", "slow", "", ""),
		ev(0, "start", "fast", "", ""),
		ev(0, "run", "fast", "TestA", ""),
		ev(0, "output", "fast", "TestA", "=== RUN   TestA\n"),
		ev(1, "pass", "fast", "TestA", ""),
		ev(1, "run", "slow", "TestB", ""),
		ev(1, "output", "slow", "TestB", "    b_test.go:9: got 2, want 3\n"),
		ev(2, "fail", "slow", "TestB", ""),
		ev(2, "run", "slow", "TestC", ""),
		ev(3, "pass", "slow", "TestC", ""),
		ev(3, "pass", "fast", "", ""),
	} {
		out = append(out, p.Event(e)...)
	}
	out = append(out, p.Tick(t0.Add(95*time.Second))...)
	out = append(out, p.Event(ev(100, "fail", "slow", "", ""))...)
	out = append(out, p.Event(ev(100, "skip", "docs", "", ""))...)
	got := strings.Join(out, "\n")
	want := strings.Join([]string{
		"--- FAIL slow TestB",
		"    b_test.go:9: got 2, want 3",
		"ok    fast  3.0s  (1 test)",
		"...   still running: slow (95s, 1 passed)",
		"FAIL  slow  100.0s  (1 passed, 1 failed)",
		"?     docs  [no tests]",
	}, "\n")
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if !p.failed || p.Summary(2*time.Minute) != "FAIL  1 packages ok, 1 failed, 1 without tests, in 2m0s" {
		t.Fatalf("summary %q", p.Summary(2*time.Minute))
	}
	if p.Tick(t0) != nil {
		t.Fatal("a heartbeat with nothing running")
	}
}

// TestProgress_APackageThatFailsWithoutAFailedTestShowsItsOutput: a panic
// or a timeout fails the package, not a test; its own lines are the story.
func TestProgress_APackageThatFailsWithoutAFailedTestShowsItsOutput(t *testing.T) {
	p := newProgress("example.com/m")
	p.Event(ev(0, "run", "x", "TestHang", ""))
	p.Event(ev(0, "output", "x", "TestHang", "=== RUN   TestHang\n"))
	p.Event(ev(9, "output", "x", "", "panic: test timed out after 9s\n"))
	got := strings.Join(p.Event(ev(9, "fail", "x", "", "")), "\n")
	if !strings.Contains(got, "panic: test timed out") || !strings.Contains(got, "=== RUN   TestHang") || !strings.HasSuffix(got, "FAIL  x  9.0s  (0 passed, 0 failed)") {
		t.Fatalf("got\n%s", got)
	}
	if got := p.Event(Event{Action: "build-output", ImportPath: "example.com/m/y", Output: "y.go:3:1: syntax error\n"}); len(got) != 1 || got[0] != "y.go:3:1: syntax error" {
		t.Fatalf("build output %q", got)
	}
}

// TestRun_ExitsAsGoTestDoes runs a stand-in for go (a script printing a
// recorded -json stream and exiting 1) and checks the printed progress and
// that the exit code is go test's.
func TestRun_ExitsAsGoTestDoes(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "go")
	stream := `{"Time":"2026-11-20T09:00:00Z","Action":"start","Package":"example.com/m/a"}
{"Time":"2026-11-20T09:00:00Z","Action":"run","Package":"example.com/m/a","Test":"TestX"}
{"Time":"2026-11-20T09:00:01Z","Action":"output","Package":"example.com/m/a","Test":"TestX","Output":"    a_test.go:3: boom\n"}
{"Time":"2026-11-20T09:00:01Z","Action":"fail","Package":"example.com/m/a","Test":"TestX","Elapsed":1}
{"Time":"2026-11-20T09:00:01Z","Action":"fail","Package":"example.com/m/a","Elapsed":1.2}
`
	body := "#!/bin/sh\nif [ \"$1\" = list ]; then echo example.com/m; exit 0; fi\ncat <<'EOS'\n" + stream + "EOS\nexit 1\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GO", script)
	var out, errb bytes.Buffer
	code, err := run([]string{"./..."}, &out, &errb, time.Hour)
	if err != nil || code != 1 {
		t.Fatalf("exit %d, %v", code, err)
	}
	for _, want := range []string{"--- FAIL a TestX\n    a_test.go:3: boom\n", "FAIL  a  1.2s  (0 passed, 1 failed)\n", "FAIL  0 packages ok, 1 failed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in\n%s", want, out.String())
		}
	}
}
