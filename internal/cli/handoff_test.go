//go:build unix

package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The hand-off tests run this test binary again as the child (and, for
// signals, as the parent too): DOS_HANDOFF_HELPER says which part it plays.
const helperEnv = "DOS_HANDOFF_HELPER"

// TestHandoffHelper is not a test: it is the child or parent process the
// tests below start.
func TestHandoffHelper(t *testing.T) {
	role := os.Getenv(helperEnv)
	if role == "" {
		t.Skip("the hand-off tests' helper process")
	}
	os.RemoveAll(testTmp)
	os.Exit(helper(role))
}

func helper(role string) int {
	switch role {
	case "echo": // stdin to stdout upper-cased, a line to stderr, exit $CODE
		in, _ := io.ReadAll(os.Stdin)
		fmt.Print(strings.ToUpper(string(in)))
		fmt.Fprintln(os.Stderr, "to stderr")
		code, _ := strconv.Atoi(os.Getenv("CODE"))
		return code
	case "await-term": // say ready, then exit 7 on SIGTERM (or 9 after 10s)
		got := make(chan os.Signal, 1)
		signal.Notify(got, syscall.SIGTERM)
		fmt.Println("ready")
		select {
		case s := <-got:
			fmt.Println("child got", s)
			return 7
		case <-time.After(10 * time.Second):
			return 9
		}
	case "die-by-signal":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(10 * time.Second)
		return 9
	case "parent": // hand off to a child in role $CHILD_ROLE, as dos on Windows does
		err := ChildHandoff(os.Stdin, os.Stdout, os.Stderr)(os.Args[0], childArgv(), append(os.Environ(), helperEnv+"="+os.Getenv("CHILD_ROLE")))
		var ee *exitError
		if errors.As(err, &ee) {
			return ee.code
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 99
		}
		return 0
	}
	return 98
}

func childArgv() []string { return []string{os.Args[0], "-test.run=^TestHandoffHelper$"} }

func helperEnviron(role string, extra ...string) []string {
	return append(append(os.Environ(), helperEnv+"="+role), extra...)
}

func TestHandoff_PassesStdioAndTheChildsExitCode(t *testing.T) {
	for _, code := range []int{0, 1, 3, 42} {
		var out, errb bytes.Buffer
		err := ChildHandoff(strings.NewReader("verdict\n"), &out, &errb)(os.Args[0], childArgv(), helperEnviron("echo", "CODE="+strconv.Itoa(code)))
		got := 0
		if err != nil {
			var ee *exitError
			if !errors.As(err, &ee) || ee.err != nil {
				t.Fatalf("exit %d: not an exit code: %v", code, err)
			}
			got = ee.code
		}
		if got != code || out.String() != "VERDICT\n" || errb.String() != "to stderr\n" {
			t.Errorf("child exiting %d: code %d, stdout %q, stderr %q", code, got, out.String(), errb.String())
		}
	}
}

func TestHandoff_ChildKilledBySignalExits128PlusN(t *testing.T) {
	err := ChildHandoff(nil, io.Discard, io.Discard)(os.Args[0], childArgv(), helperEnviron("die-by-signal"))
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 128+int(syscall.SIGKILL) {
		t.Fatalf("want exit %d, got %v", 128+int(syscall.SIGKILL), err)
	}
}

func TestHandoff_MissingBinaryIsAnErrorNotAnExitCode(t *testing.T) {
	err := ChildHandoff(nil, io.Discard, io.Discard)("/nonexistent/dos-pipes", []string{"dos-pipes"}, nil)
	var ee *exitError
	if err == nil || errors.As(err, &ee) {
		t.Fatalf("want a start error, got %v", err)
	}
}

// A SIGTERM sent to the handing-off process alone (kill PID, a supervisor)
// reaches the child, which finishes its own way; the parent outlives it
// and exits with the child's code instead of dying of the signal.
func TestHandoff_ForwardsATerminationToTheChild(t *testing.T) {
	parent := exec.Command(os.Args[0], childArgv()[1:]...)
	parent.Env = helperEnviron("parent", "CHILD_ROLE=await-term")
	stdout, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	parent.Stderr = &errb
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	kill := time.AfterFunc(20*time.Second, func() { parent.Process.Kill() })
	defer kill.Stop()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || lines.Text() != "ready" {
		parent.Process.Kill()
		parent.Wait()
		t.Fatalf("child never got ready: %q %q", lines.Text(), errb.String())
	}
	if err := parent.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	err = parent.Wait()
	if ws := parent.ProcessState.Sys().(syscall.WaitStatus); ws.Signaled() {
		t.Fatalf("the parent died of %v instead of handing it on (stderr %q)", ws.Signal(), errb.String())
	}
	if parent.ProcessState.ExitCode() != 7 || strings.Join(rest, "|") != "child got terminated" {
		t.Fatalf("parent exit %d (%v), output %q, stderr %q; want 7 and the child's line", parent.ProcessState.ExitCode(), err, rest, errb.String())
	}
}
