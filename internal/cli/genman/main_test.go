package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenMan_WritesAPagePerCommandTitledByIt(t *testing.T) {
	dir := t.TempDir()
	if err := write(dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	for page, title := range map[string]string{"dos.1": `.TH "DOS"`, "dos-journal-verify.1": `.TH "DOS-JOURNAL-VERIFY"`,
		"dos-completion-bash.1": `.TH "DOS-COMPLETION-BASH"`, "dos-export.1": `.TH "DOS-EXPORT"`} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil || !strings.Contains(string(b), title) {
			t.Errorf("%s: %v (want %s)", page, err, title)
		}
	}
}
