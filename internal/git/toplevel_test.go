package git

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git/gittest"
)

func TestTopLevel_WalkAgreesWithGit(t *testing.T) {
	r := gittest.New(t)
	r.Commit("x", map[string]string{"api/v2/a.go": "package a\n"})
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "-q", wt)
	sub := filepath.Join(t.TempDir(), "plain")
	os.MkdirAll(sub, 0o755)
	for _, dir := range []string{r.Dir, filepath.Join(r.Dir, "api", "v2"), wt, filepath.Join(wt, "api")} {
		walked, ok := TopLevel(dir, nil)
		asked, gok := TopLevelGit(context.Background(), dir)
		if !ok || !gok || realPath(walked) != realPath(asked) {
			t.Errorf("%s: walk %q %v, git %q %v", dir, walked, ok, asked, gok)
		}
	}
	if top, ok := TopLevel(sub, nil); ok {
		t.Errorf("a plain directory has top level %q", top)
	}
	if _, ok := TopLevel(r.Dir, func(k string) string { return map[string]string{"GIT_DIR": "/x"}[k] }); ok {
		t.Error("the walk answered with GIT_DIR set")
	}
}

func TestStampedCommits_CountsDosOwnFilesApart(t *testing.T) {
	r := gittest.New(t)
	r.Commit("AUTH1: real", map[string]string{"a.go": "package a\n"})
	r.Commit("AUTH1: journal only", map[string]string{".dos/journal/00000000000000000001.jsonl": "{}\n", "api/.dos/x": "y\n"})
	repo := Repo{Dir: r.Dir, Own: DosDirs(r.Dir, filepath.Join(r.Dir, "api"), filepath.Join(r.Dir, ".dos", "journal"))}
	if strings.Join(repo.Own, " ") != ".dos/ api/.dos/ .dos/journal/" {
		t.Fatalf("own dirs %q", repo.Own)
	}
	head, _ := repo.Resolve(context.Background(), "HEAD")
	cs, err := repo.StampedCommits(context.Background(), "AUTH1", head, true)
	if err != nil {
		t.Fatal(err)
	}
	// the newest stamp changed only dos's files, so the walk goes on to the real one
	if len(cs) != 2 || cs[0].FilesChanged != 2 || cs[0].DosFiles != 2 || cs[0].Work() || !cs[1].Work() || cs[1].DosFiles != 0 {
		t.Fatalf("commits %+v", cs)
	}
	if got := OwnDirs(r.Dir, filepath.Join(t.TempDir(), "elsewhere"), r.Dir); got != nil {
		t.Fatalf("dirs outside the tree (or the tree itself) are not own dirs: %q", got)
	}
}

// BenchmarkTopLevel compares the walk hooks use with asking git; the
// floor is the git process. Run from four levels below the top.
func BenchmarkTopLevel(b *testing.B) {
	r := gittest.New(b)
	deep := filepath.Join(r.Dir, "a", "b", "c", "d")
	os.MkdirAll(deep, 0o755)
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("no git")
	}
	start := time.Now()
	const n = 20
	for i := 0; i < n; i++ {
		TopLevelGit(context.Background(), deep)
	}
	gitCost := time.Since(start) / n
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		TopLevel(deep, nil)
	}
	walk := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(walk)/1e3, "walk-us")
	b.ReportMetric(float64(gitCost)/1e3, "git-us")
	b.ReportMetric(float64(walk)/float64(gitCost), "x-floor")
}
