package kernel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// QuickstartOptions configures Quickstart.
type QuickstartOptions struct {
	Keep string    // keep the repository here (must not exist or be empty); "" = temp dir, removed
	Out  io.Writer // where the walk-through is printed
	Env  Env       // Host, PID, Now and Entropy are used; the rest is set here
}

// Quickstart shows dos in a throwaway git repository: AUTH1 is committed
// and verifies SHIPPED; an agent claims AUTH2, which git refutes on the
// spot and verify confirms NOT_SHIPPED.
// Everything goes through the same syscalls the CLI runs, into a journal
// under the repository's .dos/journal. It needs only git.
func Quickstart(ctx context.Context, o QuickstartOptions) (err error) {
	dir, cleanup, err := quickstartDir(o.Keep)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := cleanup(); err == nil {
			err = cerr
		}
	}()
	out := o.Out
	fmt.Fprintf(out, "dos quickstart: a throwaway git repository in %s\n\n", dir)
	if err := quickstartRepo(ctx, dir); err != nil {
		return err
	}
	jdir := filepath.Join(dir, ".dos", "journal")
	w := journal.NewWriter(jdir, journal.Options{})
	defer w.Close()
	env := o.Env
	env.Journal, env.JournalDir, env.Workspace, env.Source = w, jdir, dir, vocab.SourceCLI

	step := func(cmd, note string) {
		if note != "" {
			cmd += "    # " + note
		}
		fmt.Fprintf(out, "$ %s\n", cmd)
	}
	show := func(r Result, err error) (Result, error) {
		if err != nil {
			return r, err
		}
		if r.JournalErr != nil {
			return r, fmt.Errorf("quickstart journal: %w", r.JournalErr)
		}
		fmt.Fprintf(out, "%s\n  (exit %d)\n", r.Line, r.Code)
		return r, nil
	}
	step(`git commit -m "AUTH1: add the login endpoint"`, "work that really landed")
	step("eval \"$(dos run start --name quickstart)\"", "")
	run, err := RunStart(ctx, env, RunStartRequest{Name: "quickstart"})
	if err == nil && run.JournalErr != nil {
		err = run.JournalErr
	}
	if err != nil {
		return err
	}
	env.RunID = run.Record.RunID
	fmt.Fprintf(out, "%s\n", run.Line)
	step("dos intent declare --plan AUTH AUTH1 AUTH2", "the plan: two phases")
	if _, err := IntentDeclare(ctx, env, "AUTH", []string{"AUTH1", "AUTH2"}); err != nil {
		return err
	}
	step("dos verify AUTH AUTH1", "")
	if _, err := show(Verify(ctx, env, VerifyRequest{Plan: "AUTH", Phase: "AUTH1"})); err != nil {
		return err
	}
	step("dos intent claim --plan AUTH AUTH2", `the agent says "AUTH2 done!"`)
	if _, err := show(IntentClaim(ctx, env, "AUTH", "AUTH2")); err != nil {
		return err
	}
	step("dos verify AUTH AUTH2", "git has no AUTH2: commit")
	if _, err := show(Verify(ctx, env, VerifyRequest{Plan: "AUTH", Phase: "AUTH2"})); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("quickstart journal: %w", err)
	}
	fmt.Fprintf(out, "\nThe agent's claim of AUTH2 was judged by git the moment it was made, and the\njournal holds it beside the NOT_SHIPPED that refutes it.\n")
	fmt.Fprintf(out, "Branch on the exit code: 0 shipped, 1 not, 2 no evidence (not a repository).\n\n")
	where := "--workspace " + dir
	if o.Keep == "" {
		fmt.Fprintf(out, "Where to look next (this repository is removed now; to explore it, rerun\n"+
			"`dos quickstart --keep DIR`, or `make demo KEEP=DIR` from a checkout):\n")
		where = "--workspace DIR"
	} else {
		fmt.Fprintf(out, "Where to look next:\n")
	}
	fmt.Fprintf(out, "  dos trace %s %s    # the run, its claims beside their verdicts\n", env.RunID, where)
	fmt.Fprintf(out, "  dos observe %s    # every verdict, rolled up\n", where)
	fmt.Fprintf(out, "  dos exit-codes    # what every verdict's exit code means\n")
	return nil
}

func quickstartDir(keep string) (string, func() error, error) {
	if keep == "" {
		dir, err := os.MkdirTemp("", "dos-quickstart-")
		if err != nil {
			return "", nil, err
		}
		return dir, func() error { return os.RemoveAll(dir) }, nil
	}
	abs, err := filepath.Abs(keep)
	if err != nil {
		return "", nil, err
	}
	ents, err := os.ReadDir(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return "", nil, err
		}
	case err != nil:
		return "", nil, vocab.Usagef("--keep %s: %v", keep, err)
	case len(ents) > 0:
		return "", nil, vocab.Usagef("--keep %s: directory is not empty; name a new or empty one", keep)
	}
	return abs, func() error { return nil }, nil
}

// quickstartRepo makes the repository and its one AUTH1 commit, with a
// local identity and no user hooks or signing, so it works on a fresh
// machine with only git installed.
func quickstartRepo(ctx context.Context, dir string) error {
	gitc := func(args ...string) error {
		full := append([]string{"-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)
		cmd := exec.CommandContext(ctx, "git", full...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Run(); err != nil {
			if errors.Is(err, exec.ErrNotFound) {
				return vocab.Usagef("quickstart needs git on PATH")
			}
			return fmt.Errorf("git %s: %s (%w)", args[0], strings.TrimSpace(errb.String()), err)
		}
		return nil
	}
	if err := gitc("init", "-q"); err != nil {
		return err
	}
	for _, kv := range [][2]string{{"user.name", "dos quickstart"}, {"user.email", "quickstart@dos.invalid"}} {
		if err := gitc("config", kv[0], kv[1]); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "info", "exclude"), []byte(".dos/\n"), 0o644); err != nil {
		return err
	}
	src := "package auth\n\n// Login checks a password.\nfunc Login(user, password string) bool { return user != \"\" && password != \"\" }\n"
	if err := os.WriteFile(filepath.Join(dir, "login.go"), []byte(src), 0o644); err != nil {
		return err
	}
	if err := gitc("add", "login.go"); err != nil {
		return err
	}
	return gitc("commit", "-q", "-m", "AUTH1: add the login endpoint")
}
