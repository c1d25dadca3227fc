package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/fixtures"
	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/dos-go/dos/vocab"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// unbounded is the size func of a loop drawing frames at full size.
func unbounded() viewtext.Screen { return viewtext.Screen{} }

// TestTopLoop_RedrawsWhatWasAppendedAndQuitsOnQ drives the refresh loop
// with a key channel in place of the terminal: a run started after the
// first frame shows up in a later one, and q ends the loop.
func TestTopLoop_RedrawsWhatWasAppendedAndQuitsOnQ(t *testing.T) {
	dir := fixture(t, "views")
	var out syncBuffer
	a := New(strings.NewReader(""), &out, &bytes.Buffer{}, func(k string) string {
		return map[string]string{"DOS_JOURNAL": dir, "DOS_WORKSPACE": t.TempDir(), "NO_COLOR": "1"}[k]
	}, Options{})
	j, err := journal.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	o := projections.TopOptions{Journal: dir, Now: time.Now()}
	_, fold, err := projections.Top(context.Background(), j, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	keys := make(chan byte)
	done := make(chan error, 1)
	go func() {
		done <- a.topLoop(context.Background(), screenIO{keys: keys, size: unbounded}, j, fold, o, 100*time.Millisecond)
	}()
	for i := 0; i < 100 && !strings.Contains(out.String(), "\x1b[2J"); i++ { // the first frame, before the append
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Contains(out.String(), fixtures.RunChild) {
		t.Fatal("the run is on screen before it was appended")
	}

	w := journal.NewWriter(dir, journal.Options{})
	if _, err := w.Append(context.Background(), journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: fixtures.RunChild, Subject: "late", Detail: journal.MustDetail(vocab.RunStartDetail{PID: 9})}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	for i := 0; i < 100 && !strings.Contains(out.String(), fixtures.RunChild); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	keys <- 'q'
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.Contains(got, fixtures.RunChild) || strings.Count(got, "\x1b[H\x1b[2J") < 2 || strings.Contains(strings.ReplaceAll(got, "\r\n", ""), "\n") {
		t.Fatalf("frames (raw newlines must be CR LF):\n%q", got)
	}
}

// committingStory is a run started 40 minutes before now that is heard
// from every few minutes and whose repository got a commit 5 minutes ago:
// ADVANCING by its commits, SPINNING if they were not seen.
func committingStory(t *testing.T) (env map[string]string, now time.Time) {
	t.Helper()
	now = fixtures.Epoch.Add(time.Hour)
	repo := gittest.New(t)
	repo.CommitAt(now.Add(-5*time.Minute), "API1: the handler", map[string]string{"api/h.go": "package api"})
	dir := filepath.Join(t.TempDir(), "journal")
	at := []time.Duration{40, 30, 20, 10, 2} // minutes before now
	n := 0
	w := journal.NewWriter(dir, journal.Options{Now: func() time.Time { n++; return now.Add(-at[min(n, len(at))-1] * time.Minute) }})
	recs := []journal.Record{{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: fixtures.RunA, Subject: "api", Detail: journal.MustDetail(vocab.RunStartDetail{PID: 7})}}
	for i := 0; i < 4; i++ {
		recs = append(recs, journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysBreaker, Verdict: vocab.VerdictClosed, RunID: fixtures.RunA,
			Detail: journal.MustDetail(vocab.BreakerDetail{Consecutive: 0, Total: 1, MaxConsecutive: 3, MaxTotal: 20, OnTrip: "none", Reason: vocab.ReasonUnderLimits})})
	}
	for _, r := range recs {
		if _, err := w.Append(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	return map[string]string{"DOS_JOURNAL": dir, "DOS_WORKSPACE": repo.Dir, "NO_COLOR": "1"}, now
}

// TestTopLoop_FrameIsTheOnceFrame is issue 16's first point: the
// interactive screen read no commits (its window was never set), so a run
// that commits showed SPINNING while --once said ADVANCING. Both now take
// their frame from one function; the loop's first frame must be --once's
// output, line for line, with the run ADVANCING.
func TestTopLoop_FrameIsTheOnceFrame(t *testing.T) {
	env, now := committingStory(t)
	once := dos(t, env, "top", "--once", "--now", now.Format(time.RFC3339))
	if once.code != 0 || !strings.Contains(once.stdout, "ADVANCING  "+fixtures.RunA) || !strings.Contains(once.stdout, "API1: the handler") {
		t.Fatalf("--once: exit %d\n%s%s", once.code, once.stdout, once.stderr)
	}
	var out syncBuffer
	a := New(strings.NewReader(""), &out, &bytes.Buffer{}, func(k string) string { return env[k] }, Options{Now: func() time.Time { return now }})
	j, err := journal.Open(env["DOS_JOURNAL"])
	if err != nil {
		t.Fatal(err)
	}
	o := projections.TopOptions{Now: now}
	if err := a.topWorkspace(&o); err != nil {
		t.Fatal(err)
	}
	o.Policy = vocab.DefaultLiveness()
	fold := projections.NewTopFold(0) // as the command does: an empty fold the loop catches up
	keys := make(chan byte, 1)
	done := make(chan error, 1)
	go func() {
		done <- a.topLoop(context.Background(), screenIO{keys: keys, size: unbounded}, j, fold, o, time.Hour)
	}()
	for i := 0; i < 200 && !strings.Contains(out.String(), "q quits"); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	keys <- 'q'
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	frame := strings.TrimPrefix(strings.ReplaceAll(out.String(), "\r\n", "\n"), "\x1b[H\x1b[2J")
	frame = frame[:strings.Index(frame, "q quits")]
	if frame != once.stdout {
		t.Fatalf("the loop's frame differs from --once:\n--- loop\n%s--- once\n%s", frame, once.stdout)
	}
}

// busyStory is more than an 80×24 terminal holds: 14 open runs with long
// names and hosts, 5 held lanes, verdicts with wide and long subjects,
// commits, and a repository whose path is long.
func busyStory(t *testing.T) (j *journal.Journal, repo *gittest.Repo, now time.Time) {
	t.Helper()
	var recs []journal.Record
	run := func(i int) string { return fmt.Sprintf("01JD6Z3Y8T00000000000%05d", i) }
	for i := 1; i <= 14; i++ {
		recs = append(recs, journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: run(i), Host: fmt.Sprintf("build-agent-%02d.ci.example", i),
			Subject: fmt.Sprintf("refactor-the-%s-module", strings.Repeat("x", i%5+3)), Detail: journal.MustDetail(vocab.RunStartDetail{PID: 4000 + i})})
	}
	for i := 1; i <= 5; i++ {
		h := vocab.Holder{RunID: run(i), Host: fmt.Sprintf("build-agent-%02d.ci.example", i), PID: 4000 + i}
		paths := []string{fmt.Sprintf("services/lane%d/", i), "docs/shared/"}
		if i == 5 {
			paths = nil
		}
		recs = append(recs, journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseAcquire, Verdict: vocab.VerdictGranted, RunID: run(i), Host: h.Host,
			Lane: fmt.Sprintf("lane%d", i), Detail: journal.MustDetail(vocab.LeaseAcquireDetail{Paths: paths, TTLSeconds: 3000,
				ExpiresAt: fixtures.Epoch.Add(50 * time.Minute), Holder: h, Reason: vocab.ReasonFree})})
	}
	for i := 1; i <= 12; i++ {
		tok := []string{vocab.VerdictShipped, vocab.VerdictNotShipped, vocab.VerdictClosed}[i%3]
		subj := []string{"AUTH1", "日本語のサブジェクト", "a very long subject line that an agent wrote about what it thinks it did"}[i%3]
		recs = append(recs, journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysVerify, Verdict: tok, RunID: run(i), Lane: fmt.Sprintf("lane%d", i%6), Subject: subj,
			Detail: journal.MustDetail(vocab.VerifyDetail{Plan: "AUTH", Phase: "AUTH1", Via: vocab.ViaNone, Reason: vocab.ReasonNoStamp})})
	}
	dir := filepath.Join(t.TempDir(), "journal")
	if err := fixtures.Build(dir, fixtures.Spec{Name: "busy", Records: recs}); err != nil {
		t.Fatal(err)
	}
	j, err := journal.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	now = fixtures.Epoch.Add(10 * time.Minute)
	repo = gittest.New(t)
	for i := 1; i <= 6; i++ {
		repo.CommitAt(fixtures.Epoch.Add(time.Duration(i)*time.Minute), fmt.Sprintf("LANE%d: change number %d of the services, described at some length", i, i),
			map[string]string{fmt.Sprintf("services/lane%d/f.go", i): "package lane"})
	}
	return j, repo, now
}

// TestTopScreen_FitsTheTerminal renders the interactive loop's frame at
// 80×24 and 200×50, colour off and on, against goldens, and holds every
// frame to its size: no line wider than the terminal, no more lines than
// it has (so nothing scrolls off), and with colour stripped the same
// bytes as without it (colour never moves a column).
func TestTopScreen_FitsTheTerminal(t *testing.T) {
	j, repo, now := busyStory(t)
	g := (&App{getenv: func(string) string { return "" }, workspaceFlag: repo.Dir}).ViewGit()
	if g == nil {
		t.Fatal("no git")
	}
	for _, s := range []viewtext.Screen{{Width: 80, Height: 24}, {Width: 200, Height: 50}} {
		var plain string
		for _, color := range []bool{false, true} {
			a := New(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, func(string) string { return "" }, Options{Now: func() time.Time { return now }})
			o := projections.TopOptions{Workspace: "/home/operator/src/github.com/example/monorepo-with-a-long-name", Journal: j.Dir()}
			frame, err := a.topFrame(context.Background(), j, projections.NewTopFold(0), g, o, s, color, 2*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(frame, "\n")
			if len(lines) > s.Height {
				t.Errorf("%dx%d colour %v: %d lines", s.Width, s.Height, color, len(lines))
			}
			for _, l := range lines {
				if w := ui.Width(l); w > s.Width {
					t.Errorf("%dx%d colour %v: %d columns: %q", s.Width, s.Height, color, w, l)
				}
			}
			name := fmt.Sprintf("views/top-screen-%dx%d.txt", s.Width, s.Height)
			if color {
				name = fmt.Sprintf("views/top-screen-%dx%d-colour.txt", s.Width, s.Height)
				if ui.Strip(frame) != plain {
					t.Errorf("%dx%d: colour moves text:\n%s\n---\n%s", s.Width, s.Height, ui.Strip(frame), plain)
				}
			} else {
				plain = frame
			}
			golden(t, name, frame+"\n")
		}
	}
}

// TestTopScreen_SmallTerminalDropsSectionsByPriority: on a screen too
// short for every section, the least important go first and the status
// line names them; the runs stay.
func TestTopScreen_SmallTerminalDropsSectionsByPriority(t *testing.T) {
	j, repo, now := busyStory(t)
	g := (&App{getenv: func(string) string { return "" }, workspaceFlag: repo.Dir}).ViewGit()
	a := New(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, func(string) string { return "" }, Options{Now: func() time.Time { return now }})
	frame, err := a.topFrame(context.Background(), j, projections.NewTopFold(0), g, projections.TopOptions{Journal: j.Dir()}, viewtext.Screen{Width: 60, Height: 14}, false, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(frame, "\n")
	status := lines[len(lines)-1]
	if len(lines) > 14 || !strings.Contains(frame, "RUNS  14 open") || !strings.Contains(status, "no room for LAST VERDICTS, RECENT COMMITS") {
		t.Fatalf("%d lines:\n%s", len(lines), frame)
	}
}

// TestTopLoop_RedrawsAtTheNewSizeOnResize: a resize (SIGWINCH on a
// terminal) redraws at once, at the size the terminal has now, without
// waiting for the next tick.
func TestTopLoop_RedrawsAtTheNewSizeOnResize(t *testing.T) {
	j, repo, now := busyStory(t)
	var out syncBuffer
	a := New(strings.NewReader(""), &out, &bytes.Buffer{}, func(k string) string {
		return map[string]string{"DOS_WORKSPACE": repo.Dir}[k]
	}, Options{Now: func() time.Time { return now }})
	var mu sync.Mutex
	size := viewtext.Screen{Width: 200, Height: 50}
	sizeOf := func() viewtext.Screen { mu.Lock(); defer mu.Unlock(); return size }
	keys, resize := make(chan byte, 1), make(chan os.Signal, 1)
	done := make(chan error, 1)
	go func() {
		done <- a.topLoop(context.Background(), screenIO{keys: keys, resize: resize, size: sizeOf}, j, projections.NewTopFold(0),
			projections.TopOptions{Journal: j.Dir()}, time.Hour)
	}()
	frames := func() int { return strings.Count(out.String(), "\x1b[H\x1b[2J") }
	for i := 0; i < 200 && frames() < 1; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	size = viewtext.Screen{Width: 60, Height: 14}
	mu.Unlock()
	resize <- os.Interrupt // any signal value: the loop only needs to hear one
	for i := 0; i < 200 && frames() < 2; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	keys <- 'q'
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(out.String(), "\x1b[H\x1b[2J")
	if len(parts) != 3 {
		t.Fatalf("%d frames, want 2 (an hour's interval: the second is the resize's)", len(parts)-1)
	}
	second := strings.Split(strings.TrimSuffix(parts[2], "\r\n"), "\r\n")
	if len(second) > 14 || !strings.Contains(parts[1], "refactor-the-xxxxx-module") {
		t.Fatalf("first frame %d lines, second %d lines:\n%s", strings.Count(parts[1], "\r\n"), len(second), parts[2])
	}
	for _, l := range second {
		if ui.Width(l) > 60 {
			t.Errorf("after the resize a line is %d wide: %q", ui.Width(l), l)
		}
	}
}
