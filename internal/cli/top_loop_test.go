package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/fixtures"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
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
	go func() { done <- a.topLoop(context.Background(), keys, j, fold, o, 100*time.Millisecond) }()
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
