package git_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/internal/git/gittest"
)

func TestStamps_TokenBoundaryAndCase(t *testing.T) {
	cases := []struct {
		subject, phase string
		want           bool
	}{
		{"AUTH1: add login", "AUTH1", true},
		{"auth1: add login", "AUTH1", true},
		{"Auth1:no space", "AUTH1", true},
		{"  AUTH1: leading blanks", "AUTH1", true},
		{"AUTH10: later phase", "AUTH1", false},
		{"AUTH1 : space before colon", "AUTH1", false},
		{"AUTH1 add login", "AUTH1", false},
		{"feat AUTH1: not at the start", "AUTH1", false},
		{"AUTH1", "AUTH1", false},
		{"AUTH1:", "AUTH1", true},
		{"AUTH1: x", "AUTH10", false},
		{"v1.2: release", "v1.2", true},
		{"v1x2: release", "v1.2", false},
		{"", "AUTH1", false},
	}
	for _, c := range cases {
		if got := git.Stamps(c.subject, c.phase); got != c.want {
			t.Errorf("Stamps(%q, %q) = %v, want %v", c.subject, c.phase, got, c.want)
		}
	}
}

func TestStampedCommits_FindsOnlySubjectStampsWithFileCounts(t *testing.T) {
	r := gittest.New(t)
	first := r.Commit("AUTH1: add login", map[string]string{"a.go": "a", "b.go": "b"})
	r.Commit("AUTH10: the tenth", map[string]string{"c.go": "c"})
	r.Commit("chore: tidy\n\nAUTH1: only in the body", map[string]string{"d.go": "d"})
	empty := r.Commit("auth1: stamped but empty", nil)
	r.Commit("v1.2: dotted", map[string]string{"e.go": "e"})
	repo, err := git.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	head, err := repo.Resolve(ctx, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	got, err := repo.StampedCommits(ctx, "AUTH1", head, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].SHA != empty || got[0].FilesChanged != 0 || got[1].SHA != first || got[1].FilesChanged != 2 {
		t.Fatalf("stamped = %+v, want [empty(0 files), first(2 files)]", got)
	}
	if got, _ := repo.StampedCommits(ctx, "v1.2", head, false); len(got) != 1 {
		t.Fatalf("v1.2 stamped = %d commits, want 1 (the dot is literal)", len(got))
	}
	if got, _ := repo.StampedCommits(ctx, "v1x2", head, false); len(got) != 0 {
		t.Fatalf("v1x2 stamped = %d commits, want 0", len(got))
	}
}

func TestStampedCommits_UntilShippedStopsAtTheNewestShippingCommit(t *testing.T) {
	r := gittest.New(t)
	r.Commit("AUTH1: first", map[string]string{"a": "1"})
	again := r.Commit("AUTH1: again", map[string]string{"a": "2"})
	empty := r.Commit("AUTH1: stamp only", nil)
	r.Commit("other", map[string]string{"b": "1"})
	repo, _ := git.Open(r.Dir)
	ctx := context.Background()
	head, _ := repo.Resolve(ctx, "HEAD")
	got, err := repo.StampedCommits(ctx, "AUTH1", head, true)
	if err != nil || len(got) != 2 || got[0].SHA != empty || got[1].SHA != again || got[1].FilesChanged != 1 {
		t.Fatalf("until shipped = %+v, %v; want [empty, again]", got, err)
	}
	if all, _ := repo.StampedCommits(ctx, "AUTH1", head, false); len(all) != 3 {
		t.Fatalf("full walk = %d commits, want 3", len(all))
	}
}

func TestStampedCommits_MergeCountsFilesAgainstFirstParent(t *testing.T) {
	r := gittest.New(t)
	r.Commit("base", map[string]string{"a": "1"})
	r.Git("checkout", "-q", "-b", "side")
	r.Commit("side work", map[string]string{"b": "2"})
	r.Git("checkout", "-q", "main")
	r.Commit("main work", map[string]string{"c": "3"})
	r.Git("merge", "-q", "--no-ff", "-m", "AUTH4: merge side", "side")
	repo, _ := git.Open(r.Dir)
	head, _ := repo.Resolve(context.Background(), "HEAD")
	got, err := repo.StampedCommits(context.Background(), "AUTH4", head, false)
	if err != nil || len(got) != 1 || got[0].FilesChanged != 1 {
		t.Fatalf("merge stamped = %+v, %v; want one commit changing 1 file", got, err)
	}
}

func TestErrors_AreTypedNeverEmptyEvidence(t *testing.T) {
	ctx := context.Background()
	if _, err := git.Open(t.TempDir() + "/missing"); !errors.Is(err, git.ErrNoWorkspace) {
		t.Fatalf("missing dir: %v, want ErrNoWorkspace", err)
	}
	plain, _ := git.Open(t.TempDir())
	if _, err := plain.Resolve(ctx, "HEAD"); !errors.Is(err, git.ErrNotRepository) {
		t.Fatalf("plain dir: %v, want ErrNotRepository", err)
	}
	r := gittest.New(t)
	repo, _ := git.Open(r.Dir)
	if unborn, err := repo.Unborn(ctx); err != nil || !unborn {
		t.Fatalf("Unborn on a new repo = %v, %v", unborn, err)
	}
	r.Commit("one", map[string]string{"a": "1"})
	if _, err := repo.Resolve(ctx, "deadbeef"); !errors.Is(err, git.ErrUnknownRevision) {
		t.Fatalf("unknown sha: %v, want ErrUnknownRevision", err)
	}
	if _, err := repo.Resolve(ctx, "--output=/tmp/x"); !errors.Is(err, git.ErrUnknownRevision) {
		t.Fatalf("option-like ref: %v, want ErrUnknownRevision", err)
	}
	if unborn, _ := repo.Unborn(ctx); unborn {
		t.Fatal("Unborn after a commit")
	}
}

func TestCommitsBetweenSinceAndAncestry(t *testing.T) {
	r := gittest.New(t)
	a := r.Commit("a", map[string]string{"a": "1"})
	b := r.Commit("b", map[string]string{"b": "1"})
	c := r.Commit("c", map[string]string{"c": "1"})
	repo, _ := git.Open(r.Dir)
	ctx := context.Background()
	got, err := repo.CommitsBetween(ctx, a, "HEAD")
	if err != nil || len(got) != 2 || got[0].SHA != c || got[1].SHA != b {
		t.Fatalf("CommitsBetween(a, HEAD) = %+v, %v", got, err)
	}
	if got[0].CommitTime != gittest.Epoch.Add(2*time.Minute) {
		t.Fatalf("commit time %v, want %v", got[0].CommitTime, gittest.Epoch.Add(2*time.Minute))
	}
	since, err := repo.CommitsSince(ctx, gittest.Epoch.Add(time.Minute), "HEAD")
	if err != nil || len(since) != 2 {
		t.Fatalf("CommitsSince(epoch+1m) = %d commits, %v; want 2", len(since), err)
	}
	if ok, err := repo.IsAncestor(ctx, a, c); err != nil || !ok {
		t.Fatalf("IsAncestor(a, c) = %v, %v", ok, err)
	}
	if ok, err := repo.IsAncestor(ctx, c, a); err != nil || ok {
		t.Fatalf("IsAncestor(c, a) = %v, %v", ok, err)
	}
	show, err := repo.Show(ctx, b)
	if err != nil || show.Subject != "b" || show.FilesChanged != 1 || show.Short() != b[:7] {
		t.Fatalf("Show(b) = %+v, %v", show, err)
	}
}
