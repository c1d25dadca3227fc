package schemas

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestJournalFixturesMatchSchema validates every complete line of every
// fixture journal in testdata/ against journal-record.schema.json, and checks
// the schema and the journal's own reader agree on which lines are records.
func TestJournalFixturesMatchSchema(t *testing.T) {
	s, err := Compile(JournalRecord)
	if err != nil {
		t.Fatal(err)
	}
	segs, _ := filepath.Glob("../testdata/journals/*/*.jsonl")
	if len(segs) == 0 {
		t.Fatal("no fixture journals found")
	}
	valid, rejected := 0, 0
	for _, seg := range segs {
		b, err := os.ReadFile(seg)
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Split(b, []byte("\n"))
		for i, line := range lines[:len(lines)-1] { // the last piece is torn or empty
			var schemaErr error
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
			if err != nil {
				schemaErr = err
			} else {
				schemaErr = s.Validate(doc)
			}
			var r journal.Record
			readerErr := r.UnmarshalJSON(line)
			if (schemaErr == nil) != (readerErr == nil) {
				t.Errorf("%s line %d: schema says %v, reader says %v", seg, i+1, schemaErr, readerErr)
			}
			if schemaErr == nil {
				valid++
			} else {
				rejected++
			}
		}
	}
	if valid < 50 || rejected < 2 {
		t.Fatalf("validated %d lines and rejected %d: fixtures lack coverage", valid, rejected)
	}
	t.Logf("%d records valid, %d bad lines rejected by both", valid, rejected)
}

func TestSchemaRejectsMalformedRecords(t *testing.T) {
	good := `{"v":1,"seq":1,"id":"01M7W2Y8K8AE67Z5NHCJZHQ5XV","ts":"2026-11-20T09:00:01.000000000Z","kind":"run","syscall":"run.start","verdict":"","run_id":"","detail":{},"hash":"a006fd74609b41bad5953d77cc46b94b428aa3879dcf42b7f09c8fe1117c4e6a"}`
	if err := Validate(JournalRecord, []byte(good)); err != nil {
		t.Fatalf("good record rejected: %v", err)
	}
	for name, bad := range map[string]string{
		"seq zero":     `"seq":1` + "|" + `"seq":0`,
		"bad run id":   `"run_id":""` + "|" + `"run_id":"nope"`,
		"short hash":   `"hash":"a006` + "|" + `"hash":"zz06`,
		"local time":   `01.000000000Z` + "|" + `01+02:00`,
		"detail array": `"detail":{}` + "|" + `"detail":[]`,
	} {
		parts := bytes.SplitN([]byte(bad), []byte("|"), 2)
		doc := bytes.Replace([]byte(good), parts[0], parts[1], 1)
		if err := Validate(JournalRecord, doc); err == nil {
			t.Errorf("%s: accepted %s", name, doc)
		}
	}
}
