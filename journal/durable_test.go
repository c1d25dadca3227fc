package journal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The durability seam's contract, on whatever platform the tests run:
// a replace is whole, a failed one leaves the old file and no temp file.
func TestWriteFileAtomic_ReplacesWholeAndLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFileAtomic(dir, "c.json", []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(dir, "c.json", []byte("new")); err != nil {
		t.Fatalf("rename over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "c.json")); string(b) != "new" {
		t.Fatalf("after the replace: %q", b)
	}
	// a directory in the way: the rename fails, nothing is half-written
	if err := os.Mkdir(filepath.Join(dir, "d.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "d.json", "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(dir, "d.json", []byte("new")); err == nil {
		t.Fatal("a rename over a non-empty directory succeeded")
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("a failed write left %s behind", e.Name())
		}
	}
}

func TestSyncData_SyncsAFileAndFailsOnAClosedOne(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "seg"))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("line\n")
	if err := SyncData(f); err != nil {
		t.Fatalf("sync: %v", err)
	}
	f.Close()
	if err := SyncData(f); err == nil {
		t.Fatal("a sync of a closed file reported success")
	}
	if err := syncDir(filepath.Dir(f.Name())); err != nil {
		t.Fatalf("sync the directory: %v", err)
	}
}
