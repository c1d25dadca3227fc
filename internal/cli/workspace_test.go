package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// countRecords is how many records the journal at dir holds (0 when none).
func countRecords(t *testing.T, dir string) int {
	t.Helper()
	j, err := journal.Open(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, err := range j.Records(t.Context(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// TestWorkspace_JournalOutOfGitsReach, in a real repository with no
// --workspace or DOS_WORKSPACE: a verdict leaves `git status` clean (.dos/
// ignores itself); a stamped commit that changed only .dos/ (force-added)
// is NOT_SHIPPED dos-files-only; run from a subdirectory, or from a
// linked worktree's subdirectory, the journal is the top level's. On main
// the journal was committed by `git add -A`, the .dos-only commit
// SHIPPED, and a subdirectory got a journal of its own.
func TestWorkspace_JournalOutOfGitsReach(t *testing.T) {
	r := gittest.New(t)
	r.Commit("AUTH1: the login form", map[string]string{"api/login.go": "package api\n"})
	env := map[string]string{"DOS_RUN_ID": kRunA}
	t.Chdir(r.Dir)

	if res := dos(t, env, "verify", "AUTH", "AUTH1"); res.code != 0 {
		t.Fatalf("verify AUTH1: exit %d %s %s", res.code, res.stdout, res.stderr)
	}
	if st := r.Git("status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Fatalf("git status after a verdict is not clean:\n%s", st)
	}
	b, err := os.ReadFile(filepath.Join(r.Dir, ".dos", ".gitignore"))
	if err != nil || !strings.Contains(string(b), "*") {
		t.Fatalf(".dos/.gitignore: %q %v", b, err)
	}
	r.Git("add", "-A")
	if out := r.Git("diff", "--cached", "--name-only"); out != "" {
		t.Fatalf("git add -A staged dos's state: %s", out)
	}

	// An agent force-adds the journal and stamps the commit.
	r.Git("add", "-f", ".dos")
	r.Git("commit", "-q", "-m", "AUTH2: done")
	res := dos(t, env, "verify", "AUTH", "AUTH2", "--json")
	if res.code != 1 || !strings.Contains(res.stdout, `"reason": "`+vocab.ReasonDosOnly+`"`) {
		t.Fatalf("a .dos-only stamped commit: exit %d %s", res.code, res.stdout)
	}
	// A stamped commit that also changed real work ships.
	r.Commit("AUTH2: the real change", map[string]string{"api/session.go": "package api\n"})
	if res := dos(t, env, "verify", "AUTH", "AUTH2"); res.code != 0 {
		t.Fatalf("AUTH2 with real work: exit %d %s", res.code, res.stdout)
	}

	top := filepath.Join(r.Dir, ".dos", "journal")
	before := countRecords(t, top)
	t.Chdir(filepath.Join(r.Dir, "api"))
	if res := dos(t, env, "verify", "AUTH", "AUTH1"); res.code != 0 {
		t.Fatalf("from api/: exit %d %s", res.code, res.stderr)
	}
	if n := countRecords(t, top); n != before+1 {
		t.Fatalf("from api/ the top level's journal went from %d to %d records", before, n)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "api", ".dos")); err == nil {
		t.Fatal("a verb run from api/ made api/.dos")
	}

	// A linked worktree is a work tree of its own (a .git gitfile).
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "-q", wt)
	wtJournal := filepath.Join(wt, ".dos", "journal")
	checkedOut := countRecords(t, wtJournal) // the force-added journal came along
	t.Chdir(filepath.Join(wt, "api"))
	if res := dos(t, env, "verify", "AUTH", "AUTH1"); res.code != 0 {
		t.Fatalf("from the worktree: exit %d %s", res.code, res.stderr)
	}
	if n := countRecords(t, wtJournal); n != checkedOut+1 {
		t.Fatalf("the worktree's journal went from %d to %d records, want one more", checkedOut, n)
	}
	// --workspace and DOS_WORKSPACE still win.
	env["DOS_WORKSPACE"] = r.Dir
	if res := dos(t, env, "verify", "AUTH", "AUTH1"); res.code != 0 || countRecords(t, top) != before+2 {
		t.Fatalf("DOS_WORKSPACE: exit %d, top journal %d records", res.code, countRecords(t, top))
	}
}
