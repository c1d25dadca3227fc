package projections

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProjections_NeverAppend guards the contract that views never write:
// no source file of the package (or viewtext) opens a journal writer,
// appends, prunes or moves a cursor.
func TestProjections_NeverAppend(t *testing.T) {
	writes := regexp.MustCompile(`journal\.(NewWriter|Prune)\(|\.Append(Batch)?\(|WriteCursor|os\.(WriteFile|Create|OpenFile)\(`)
	files, _ := filepath.Glob("*.go")
	more, _ := filepath.Glob("viewtext/*.go")
	checked := 0
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := writes.Find(b); m != nil {
			t.Errorf("%s writes: %s", f, m)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
}
