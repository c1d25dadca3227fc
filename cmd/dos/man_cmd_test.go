//go:build man

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenMan_WritesAPagePerCommand(t *testing.T) {
	dir := t.TempDir()
	if r := dos(t, nil, "gen-man", "--dir", dir); r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	for _, page := range []string{"dos.1", "dos-journal-verify.1", "dos-completion-bash.1"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil || !strings.Contains(string(b), ".TH \"DOS\"") {
			t.Errorf("%s: %v", page, err)
		}
	}
}
