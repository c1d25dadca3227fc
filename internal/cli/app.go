package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	dosconfig "github.com/dos-go/dos/config"
	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
	"github.com/spf13/cobra"
)

// App is one invocation of dos: its streams, environment, clock and the
// root flags every command shares. Tests build one with their own streams
// and environment and call Run in-process.
type App struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	// environ is the whole environment, handed to dos-pipes.
	environ func() []string
	// execPipes runs dos-pipes in this process's stead (the platform's
	// hand-off); tests run it as a child instead.
	execPipes func(path string, argv, env []string) error
	// pipes registers export and notify: the real commands in dos-pipes,
	// forwarders to it in dos.
	pipes Register

	workspaceFlag string
	journalFlag   string
	jsonOut       bool
	strictConfig  bool
	// cfg is dos.toml as loaded by WorkspaceConfig, once per invocation
	// (only the verbs that need lanes, stamps or reasons load it).
	cfg    *dosconfig.Config
	driver string // --driver / --job: accepted, validated (compat_flags.go)
}

// Register adds commands to the root; dos-pipes passes one that adds the
// real export and notify commands.
type Register func(root *cobra.Command, a *App)

// Options change how an App reaches the world; the zero value is the
// everyday dos binary.
type Options struct {
	// Pipes registers export and notify (nil: forwarders to dos-pipes).
	Pipes Register
	// Environ is the environment handed to dos-pipes (default os.Environ).
	Environ func() []string
	// ExecPipes hands the process to dos-pipes (default: exec over this one).
	ExecPipes func(path string, argv, env []string) error
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// New returns an App reading stdin, writing stdout and stderr, and seeing
// the environment through getenv.
func New(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string, o Options) *App {
	a := &App{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: o.Now,
		environ: o.Environ, execPipes: o.ExecPipes, pipes: o.Pipes}
	if a.now == nil {
		a.now = time.Now
	}
	if a.environ == nil {
		a.environ = os.Environ
	}
	if a.execPipes == nil {
		a.execPipes = execPipes
	}
	if a.pipes == nil {
		a.pipes = addForwarders
	}
	return a
}

// Main runs dos with the process's streams, environment and arguments,
// and exits with the command's code. pipes is nil for the everyday binary.
func Main(pipes Register) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := New(os.Stdin, os.Stdout, os.Stderr, os.Getenv, Options{Pipes: pipes}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Run executes one command line and returns the process exit code.
func (a *App) Run(ctx context.Context, args []string) int {
	root := newRoot(a, commandWord(args))
	if isCompletion(args) {
		wireCompletions(root, a)
	}
	root.SetArgs(compatArgs(root, args)) // the reference's command lines (compat_aliases.go)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	return a.report(root.ExecuteContext(ctx))
}

// Stdout is where the command's output goes.
func (a *App) Stdout() io.Writer { return a.stdout }

// Stderr is where warnings and errors go.
func (a *App) Stderr() io.Writer { return a.stderr }

// Stdin is the command's input.
func (a *App) Stdin() io.Reader { return a.stdin }

// Getenv reads the invocation's environment.
func (a *App) Getenv(k string) string { return a.getenv(k) }

// Now is the invocation's clock.
func (a *App) Now() time.Time { return a.now() }

// JSON reports whether --json was given.
func (a *App) JSON() bool { return a.jsonOut }

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

// WithCode makes err exit with code.
func WithCode(code int, err error) error { return &exitError{code: code, err: err} }

// ExitWith exits with code without printing anything more.
func ExitWith(code int) error {
	if code == 0 {
		return nil
	}
	return &exitError{code: code}
}

// UsageErrorf is a bad flag or argument: exit 2 with one line.
func UsageErrorf(format string, args ...any) error {
	return WithCode(2, fmt.Errorf(format, args...))
}

// report prints err as one line on stderr and maps it to an exit code:
// explicit codes win, everything else is 2 (usage, configuration, I/O).
func (a *App) report(err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(a.stderr, "dos: %s\n", ui.Safe(ui.OneLine(ee.err.Error())))
		}
		return ee.code
	}
	fmt.Fprintf(a.stderr, "dos: %s\n", ui.Safe(ui.OneLine(err.Error())))
	return 2
}

// paths resolves the workspace and journal for this invocation.
func (a *App) Paths() config.Paths {
	cwd, err := os.Getwd()
	if err != nil {
		cwd = "."
	}
	return config.ResolveAt(a.workspaceFlag, a.journalFlag, a.getenv, cwd, func() string {
		if top, ok := git.WorkTreeTop(context.Background(), cwd, a.getenv); ok {
			return top
		}
		return cwd
	})
}

// out is stdout with the colour decision made.
func (a *App) Out() ui.Out { return ui.NewOut(a.stdout, a.getenv) }

// printJSON writes v as the command's one JSON document.
func (a *App) PrintJSON(v any) error { return ui.JSON(a.stdout, v) }

// warnf prints a one-line warning on stderr.
func (a *App) Warnf(format string, args ...any) {
	fmt.Fprintf(a.stderr, "dos: warning: %s\n", ui.Safe(ui.OneLine(fmt.Sprintf(format, args...))))
}

// JournalOptions are the writer options every appending command uses:
// the journal key when $DOS_JOURNAL_KEY_FILE names one (keyed mode).
func (a *App) JournalOptions() (journal.Options, error) {
	key, err := a.JournalKey("")
	return journal.Options{Key: key}, err
}

// JournalKey reads the journal key from flag, else $DOS_JOURNAL_KEY_FILE;
// nil when neither names one. A key inside the workspace is refused: the
// agent the key is kept from could read it there.
func (a *App) JournalKey(flag string) ([]byte, error) {
	path := flag
	if path == "" {
		path = a.getenv("DOS_JOURNAL_KEY_FILE")
	}
	if path == "" {
		return nil, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	ws := a.Paths().Workspace
	if rel, err := filepath.Rel(realPath(ws), realPath(abs)); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
		return nil, WithCode(2, fmt.Errorf("journal key %s is inside the workspace %s, where an agent can read it: keep it outside (e.g. /etc/dos/journal.key)", path, ws))
	}
	key, err := journal.ReadKey(abs)
	if err != nil {
		return nil, WithCode(2, err)
	}
	return key, nil
}

// realPath resolves symbolic links when p exists.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// newWriter opens the journal at dir for appending, keyed when a key is
// configured, first giving a .dos/ directory its .gitignore (dosIgnore).
func (a *App) newWriter(dir string) (*journal.Writer, error) {
	o, err := a.JournalOptions()
	if err != nil {
		return nil, err
	}
	dosIgnore(dir)
	return journal.NewWriter(dir, o), nil
}

// dosIgnore writes .dos/.gitignore ("*") when the journal lives in a
// directory named .dos that has none, creating .dos/ if need be, so
// `git add -A` never puts the audit trail into the repository and `git
// status` stays clean after any verdict. The journal package owns only
// the journal directory; .dos/ around it is the CLI's. A failure here is
// left to the append that follows to report.
func dosIgnore(journalDir string) {
	dos := filepath.Dir(journalDir)
	if filepath.Base(dos) != ".dos" {
		return
	}
	ignore := filepath.Join(dos, ".gitignore")
	if _, err := os.Lstat(ignore); err == nil {
		return
	}
	if os.MkdirAll(dos, 0o755) != nil {
		return
	}
	f, err := os.OpenFile(ignore, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return
	}
	f.WriteString("# dos's own state (the journal, cursors, locks): never committed\n*\n")
	f.Close()
}

// openJournal opens the journal for reading. ok is false (and a note is
// printed) when there is no journal yet, which readers treat as empty.
func (a *App) OpenJournal() (j *journal.Journal, ok bool, err error) {
	dir := a.Paths().Journal
	j, err = journal.Open(dir)
	if errors.Is(err, journal.ErrNoJournal) {
		if err := a.CheckNamedJournal(); err != nil {
			return nil, false, err
		}
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

// CheckNamedJournal refuses a journal named by --journal or $DOS_JOURNAL
// that does not exist: a mistyped path must not read as an empty journal
// (exit 0, "nothing to verify"). The default location's absence is only
// a journal nothing has been recorded in yet, and an existing empty
// directory is an empty journal.
func (a *App) CheckNamedJournal() error {
	named := "--journal"
	if a.journalFlag == "" {
		if a.getenv("DOS_JOURNAL") == "" {
			return nil
		}
		named = "$DOS_JOURNAL"
	}
	dir := a.Paths().Journal
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return UsageErrorf("no journal at %s (named by %s): check the path, or leave it unset to use <workspace>/.dos/journal", dir, named)
	}
	return nil
}

// IsCanceled reports whether err is the context ending (Ctrl-C, SIGTERM).
func IsCanceled(err error) bool {
	return errors.Is(err, context.Canceled)
}

// ParentRunE makes a command that only groups others print its help when
// called bare and refuse unknown verbs with exit 2 (cobra would print help
// and exit 0, which a script would take for success).
func ParentRunE(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	if near := Suggest(args[0], names); len(near) > 0 {
		return UsageErrorf("unknown command %q for %q; did you mean %s?", args[0], cmd.CommandPath(), strings.Join(near, " or "))
	}
	return UsageErrorf("unknown command %q for %q; see `%s --help`", args[0], cmd.CommandPath(), cmd.CommandPath())
}

// WorkspaceConfig loads the workspace's dos.toml once, printing each
// malformed table's warning; under --strict-config or DOS_STRICT_CONFIG=1
// a warning is exit 2 instead.
func (a *App) WorkspaceConfig() (*dosconfig.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	c := dosconfig.Load(a.Paths().Workspace)
	if a.strictConfig || config.Truthy(a.getenv("DOS_STRICT_CONFIG")) {
		if err := c.StrictError(); err != nil {
			return nil, WithCode(2, err)
		}
	}
	for _, w := range c.Warnings {
		a.Warnf("%s", w)
	}
	a.cfg = c
	return c, nil
}
