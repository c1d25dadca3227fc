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
