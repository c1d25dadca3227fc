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

// TestGenMan_KeepsAngleBracketPlaceholders: markdown took "<workspace>"
// for an HTML tag, so the pages read "else /.dos/journal". Every
// <placeholder> of a help text must reach its page.
func TestGenMan_KeepsAngleBracketPlaceholders(t *testing.T) {
	dir := t.TempDir()
	if err := write(dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	for page, want := range map[string][]string{
		"dos.1":                {"else <workspace>/.dos/journal", "<workspace>/.dos/journal."},
		"dos-journal-verify.1": {"else <workspace>/.dos/journal"},
		"dos-journal-repair.1": {"<journal>/quarantine/<segment>"},
		"dos-journal-prune.1":  {"<journal>/cursors/"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
		if strings.Contains(string(b), `\<`) || strings.Contains(string(b), " /.dos/journal") {
			t.Errorf("%s shows an escape or a lost placeholder", page)
		}
	}
}
