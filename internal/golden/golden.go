// Package golden compares test output with golden files under testdata/,
// rewriting them when a test binary runs with -update. Each test package
// keeps its own -update flag and passes its value in.
package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// Check compares got with the file at path; with update it rewrites the
// file instead.
func Check(t testing.TB, path, got string, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden %s (run with -update): %v", path, err)
	}
	if string(want) != got {
		t.Fatalf("output differs from %s:\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
