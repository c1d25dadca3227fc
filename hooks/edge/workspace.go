package edge

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/internal/flock"
	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/internal/setup"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
)

// resolve picks the workspace and the journal. The directory is
// --workspace › $DOS_WORKSPACE › $CLAUDE_PROJECT_DIR › the event's cwd ›
// the process's cwd, and the workspace is its git top level — so an agent
// that cd'd into a subdirectory still sees the repository's leases, and a
// cwd never moves the workspace away from a directory the flags name.
func (h *hook) resolve() {
	base := first(h.WorkspaceFlag, h.Getenv("DOS_WORKSPACE"), h.Getenv("CLAUDE_PROJECT_DIR"), h.ev.CWD, h.Cwd)
	if !filepath.IsAbs(base) {
		base = filepath.Join(h.Cwd, base)
	}
	h.ws = h.gitTop(filepath.Clean(base))
	p := config.Resolve(h.ws, h.JournalFlag, h.Getenv, h.Cwd)
	h.jdir = p.Journal
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return "."
}

// gitTop is the work tree holding dir (a directory walk, no git process:
// this runs on every tool call), else dir.
func (h *hook) gitTop(dir string) string {
	if top, ok := git.TopLevel(dir, h.Getenv); ok {
		return top
	}
	return dir
}

// stateDir is <workspace>/.dos/hooks, where the session side files live;
// the first write under .dos/ creates .dos/.gitignore so none of it shows
// in git status.
func (h *hook) stateDir(sub string) (string, error) {
	dos := filepath.Join(h.ws, ".dos")
	dir := filepath.Join(dos, "hooks", sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, EnsureGitignore(dos)
}

// EnsureGitignore writes <dos>/.gitignore (dos init's body) when it is
// absent, so nothing under .dos/ is ever committed.
func EnsureGitignore(dos string) error {
	p := filepath.Join(dos, ".gitignore")
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.MkdirAll(dos, 0o755); err != nil {
		return err
	}
	if err := journal.WriteFileAtomic(dos, ".gitignore", []byte(setup.GitignoreBody)); err != nil {
		return err
	}
	return os.Chmod(p, 0o644)
}

// sessionFile is what binds a host session to its dos run.
type sessionFile struct {
	RunID   string `json:"run_id"`
	Journal string `json:"journal"`
}

// envRun is the run the environment names ($DOS_RUN_ID), "" when none or
// malformed.
func (h *hook) envRun() string {
	if id := h.Getenv("DOS_RUN_ID"); journal.ValidRunID(id) {
		return id
	}
	return h.run
}

// sessionRun is the run already bound to this session, "" when none.
func (h *hook) sessionRun() string {
	if id := h.envRun(); id != "" {
		return id
	}
	if h.session == "" {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(h.ws, ".dos", "hooks", "sessions", h.session+".json"))
	if err != nil {
		return ""
	}
	var f sessionFile
	if json.Unmarshal(b, &f) != nil || !journal.ValidRunID(f.RunID) || f.Journal != h.jdir {
		return ""
	}
	h.run = f.RunID
	return f.RunID
}

// runForRecord is the run a record of this call belongs to: the
// environment's, else the session's — started now (a run.start record
// whose subject is the session's hash) when this is the session's first
// journaled call. Two concurrent first calls of one session start one run.
func (h *hook) runForRecord(env kernel.Env) string {
	if id := h.sessionRun(); id != "" || h.session == "" {
		return id
	}
	dir, err := h.stateDir("sessions")
	if err != nil {
		h.warnf("session state: %v", err)
		return ""
	}
	lk, err := flock.Take(h.ctx, filepath.Join(dir, h.session+".lock"), 2*time.Second)
	if err != nil {
		h.warnf("session lock: %v", err)
		return ""
	}
	defer lk.Close()
	if id := h.sessionRun(); id != "" {
		return id
	}
	env.RunID = ""
	res, err := kernel.RunStart(h.ctx, env, kernel.RunStartRequest{Name: "session-" + h.session[:16]})
	if err != nil || res.JournalErr != nil {
		if err == nil {
			err = res.JournalErr
		}
		h.warnf("start the session's run: %v", err)
		return ""
	}
	b, _ := json.Marshal(sessionFile{RunID: res.Record.RunID, Journal: h.jdir})
	if err := journal.WriteFileAtomic(dir, h.session+".json", append(b, '\n')); err != nil {
		h.warnf("bind the session to run %s: %v", res.Record.RunID, err)
	}
	h.run = res.Record.RunID
	return h.run
}

// appendLine appends one line to a side file (state, not a verdict: no
// fsync, never in the hash-chained journal).
func appendLine(path string, line []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(append(line, '\n'))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

// readTail returns the last max bytes of path, and whether it started
// mid-file (so its first line may be partial). A missing file is empty.
func readTail(path string, max int64) ([]byte, bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	off := st.Size() - max
	if off < 0 {
		off = 0
	}
	b := make([]byte, st.Size()-off)
	if _, err := f.ReadAt(b, off); err != nil {
		return nil, false, err
	}
	return b, off > 0, nil
}

// lastLines returns the last n complete lines of a tail.
func lastLines(tail []byte, partial bool, n int) [][]byte {
	lines := bytes.Split(bytes.TrimRight(tail, "\n"), []byte("\n"))
	if partial && len(lines) > 0 {
		lines = lines[1:]
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}
