package journal

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestFollow_SeesRecordsAppendedLaterAndStopsOnCancel(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "j") // does not exist yet
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan uint64, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for r, err := range At(dir).Follow(ctx, 0, 5*time.Millisecond) {
			if err != nil {
				t.Error(err)
				return
			}
			got <- r.Seq
			if r.Seq == 3 {
				cancel()
			}
		}
	}()
	w := NewWriter(dir, testOptions())
	defer w.Close()
	for i := 1; i <= 3; i++ {
		time.Sleep(10 * time.Millisecond)
		appendN(t, w, 1)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("follow did not stop after cancel")
	}
	close(got)
	var seqs []uint64
	for s := range got {
		seqs = append(seqs, s)
	}
	if len(seqs) != 3 || seqs[0] != 1 || seqs[2] != 3 {
		t.Fatalf("followed %v", seqs)
	}
}
