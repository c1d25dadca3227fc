package flock

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// Two Opens of one file are two open file descriptions, which flock(2)
// treats as two holders, as it would two processes.
func TestAcquire_ExcludesAnotherHolderAndHonoursWaitAndContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	a, err := Take(context.Background(), path, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Acquire(context.Background(), 0); !errors.Is(err, ErrHeld) {
		t.Fatalf("try once while held: %v", err)
	}
	start := time.Now()
	if err := b.Acquire(context.Background(), 30*time.Millisecond); !errors.Is(err, ErrHeld) || time.Since(start) < 30*time.Millisecond {
		t.Fatalf("bounded wait: %v after %v", err, time.Since(start))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := b.Acquire(ctx, -1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait until ctx: %v", err)
	}
	released := make(chan struct{})
	go func() { time.Sleep(20 * time.Millisecond); a.Release(); close(released) }()
	if err := b.Acquire(context.Background(), 5*time.Second); err != nil {
		t.Fatalf("acquire after release: %v", err)
	}
	<-released // the kernel ordered the release before b's acquire; tell the race detector
	if err := a.Acquire(context.Background(), 0); !errors.Is(err, ErrHeld) {
		t.Fatalf("the first holder got it back while held: %v", err)
	}
	b.Release()
	if err := a.Acquire(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	a.Close()
}

func TestTake_UnopenablePathIsAnError(t *testing.T) {
	if _, err := Take(context.Background(), filepath.Join(t.TempDir(), "missing", "x.lock"), 0); err == nil {
		t.Fatal("want an error")
	}
}

// Every platform's unlock treats an unheld lock alike (flock(2) does;
// UnlockFileEx answers ERROR_NOT_LOCKED, which unlock swallows), so a
// Release on an error path never turns into a second error.
func TestRelease_UnheldLockIsNotAnError(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "x.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Release(); err != nil {
		t.Fatalf("release of an unheld lock: %v", err)
	}
	if err := l.Acquire(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
}
