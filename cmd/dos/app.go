package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
	"github.com/spf13/cobra"
)

// app is one invocation of dos: its streams, environment, clock and the
// root flags every command shares. Tests build one with their own streams
// and environment and call run in-process.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	// environ is the whole environment, handed to dos-pipes.
	environ func() []string
	// execPipes runs dos-pipes in this process's stead (syscall.Exec); tests
	// run it as a child instead.
	execPipes func(path string, argv, env []string) error

	workspaceFlag string
	journalFlag   string
	jsonOut       bool
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: time.Now,
		environ: os.Environ, execPipes: syscall.Exec}
}

// run executes one command line and returns the process exit code.
func (a *app) run(ctx context.Context, args []string) int {
	root := newRoot(a)
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	return a.report(root.ExecuteContext(ctx))
}

// exitError carries an exit code; a nil err means the command already said
// everything (a verdict printed with its own code).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withCode makes err exit with code.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// exitWith exits with code without printing anything more.
func exitWith(code int) error {
	if code == 0 {
		return nil
	}
	return &exitError{code: code}
}

// usageErrorf is a bad flag or argument: exit 2 with one line.
func usageErrorf(format string, args ...any) error {
	return withCode(2, fmt.Errorf(format, args...))
}

// report prints err as one line on stderr and maps it to an exit code:
// explicit codes win, everything else is 2 (usage, configuration, I/O).
func (a *app) report(err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(a.stderr, "dos: %s\n", ui.OneLine(ee.err.Error()))
		}
		return ee.code
	}
	fmt.Fprintf(a.stderr, "dos: %s\n", ui.OneLine(err.Error()))
	return 2
}

// paths resolves the workspace and journal for this invocation.
func (a *app) paths() config.Paths {
	cwd, err := os.Getwd()
	if err != nil {
		cwd = "."
	}
	return config.Resolve(a.workspaceFlag, a.journalFlag, a.getenv, cwd)
}

// out is stdout with the colour decision made.
func (a *app) out() ui.Out { return ui.NewOut(a.stdout, a.getenv) }

// printJSON writes v as the command's one JSON document.
func (a *app) printJSON(v any) error { return ui.JSON(a.stdout, v) }

// warnf prints a one-line warning on stderr.
func (a *app) warnf(format string, args ...any) {
	fmt.Fprintf(a.stderr, "dos: warning: %s\n", ui.OneLine(fmt.Sprintf(format, args...)))
}

// writer opens the journal for appending.
func (a *app) writer() *journal.Writer {
	return journal.NewWriter(a.paths().Journal, journal.Options{})
}

// openJournal opens the journal for reading. ok is false (and a note is
// printed) when there is no journal yet, which readers treat as empty.
func (a *app) openJournal() (j *journal.Journal, ok bool, err error) {
	dir := a.paths().Journal
	j, err = journal.Open(dir)
	if errors.Is(err, journal.ErrNoJournal) {
		if !a.jsonOut {
			fmt.Fprintf(a.stderr, "dos: no journal yet at %s (nothing has been recorded)\n", dir)
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return j, true, nil
}

// isCanceled reports whether err is the context ending (Ctrl-C, SIGTERM).
func isCanceled(err error) bool {
	return errors.Is(err, context.Canceled)
}

// oneOf checks a flag value against its allowed set.
func oneOf(flag, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return usageErrorf("--%s %q: must be one of %s", flag, v, strings.Join(allowed, ", "))
}

// parentRunE makes a command that only groups others print its help when
// called bare and refuse unknown verbs with exit 2 (cobra would print help
// and exit 0, which a script would take for success).
func parentRunE(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	return usageErrorf("unknown command %q for %q; see `%s --help`", args[0], cmd.CommandPath(), cmd.CommandPath())
}
