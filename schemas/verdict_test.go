package schemas

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerdictGoldensMatchSchema validates every verdict document the
// golden tests pin (testdata/golden/truth, and verify's in kernel) against
// verdict.schema.json, and checks the schema refuses a wrong detail.
func TestVerdictGoldensMatchSchema(t *testing.T) {
	files, _ := filepath.Glob("../testdata/golden/truth/*.json")
	more, _ := filepath.Glob("../testdata/golden/kernel/verify-*.json")
	files = append(files, more...)
	if len(files) < 30 {
		t.Fatalf("only %d verdict goldens found", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(Verdict, b); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
	good, _ := os.ReadFile("../testdata/golden/truth/coverage-full.json")
	for name, edit := range map[string][2]string{
		"a negative unaccounted": {`"unaccounted": 0`, `"unaccounted": -1`},
		"an unknown reason":      {`"reason": "full"`, `"reason": "plenty"`},
		"a bad run id":           {`"run_id": "01JD6Z3Y8T0000000000000A01"`, `"run_id": "RID-1"`},
	} {
		bad := strings.ReplaceAll(string(good), edit[0], edit[1])
		if bad == string(good) {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if err := Validate(Verdict, []byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestJournalRecordSchema_RunIDGrammars: run_id and parent_run_id hold a
// ULID or a RID, nothing else.
func TestJournalRecordSchema_RunIDGrammars(t *testing.T) {
	rec := `{"v":1,"seq":1,"id":"01M7W2Y8K8AE67Z5NHCJZHQ5XV","ts":"2026-11-20T09:00:01.000000000Z","kind":"run","syscall":"run.start","verdict":"","run_id":"RUN","parent_run_id":"PARENT","detail":{},"hash":"a006fd74609b41bad5953d77cc46b94b428aa3879dcf42b7f09c8fe1117c4e6a"}`
	for _, c := range []struct {
		run, parent string
		ok          bool
	}{
		{"RID-1M7W0000000ABCD", "01JD6Z3Y8T0000000000000A01", true},
		{"01JD6Z3Y8T0000000000000A01", "RID-1M7W0000000ABCD", true},
		{"RID-1", "01JD6Z3Y8T0000000000000A01", false},
		{"RID-1M7W0000000ABCD", "rid-1m7w0000000abcd", false},
		{"RID-1M7W0000000ABCI", "01JD6Z3Y8T0000000000000A01", false},
	} {
		doc := strings.NewReplacer(`"RUN"`, `"`+c.run+`"`, `"PARENT"`, `"`+c.parent+`"`).Replace(rec)
		if err := Validate(JournalRecord, []byte(doc)); (err == nil) != c.ok {
			t.Errorf("run %s parent %s: %v", c.run, c.parent, err)
		}
	}
}
