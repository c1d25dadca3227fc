package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/dos-go/dos/internal/golden"
)

// TestHookGoldens runs every payload under testdata/hooks/<dialect>/ — real
// shapes from each host's documentation — through `dos hook <verb>
// --dialect <dialect>` and compares what the host would read (stdout),
// the exit code and the record appended with <case>.golden. The world:
// run B holds web/, run A (this loop session) holds api/. A posttool case
// runs three times (the third identical result is REPEATING). Extra flags
// come from <case>.args, one per line. Refresh with -update.
func TestHookGoldens(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "hooks", "*", "*.json"))
	if len(cases) < 20 {
		t.Fatalf("only %d hook payloads", len(cases))
	}
	verbs := map[string]map[string]bool{}
	for _, c := range cases {
		dialect := filepath.Base(filepath.Dir(c))
		name := strings.TrimSuffix(filepath.Base(c), ".json")
		verb, _, _ := strings.Cut(name, "-")
		if verbs[verb] == nil {
			verbs[verb] = map[string]bool{}
		}
		verbs[verb][dialect] = true
		t.Run(dialect+"/"+name, func(t *testing.T) {
			w := newHookWorld(t)
			w.leaseWeb()
			w.lease(kRunA, "api", "api/", "515151")
			raw, err := os.ReadFile(c)
			if err != nil {
				t.Fatal(err)
			}
			payload := strings.ReplaceAll(string(raw), "<ws>", w.ws)
			args := []string{"--dialect", dialect}
			if b, err := os.ReadFile(strings.TrimSuffix(c, ".json") + ".args"); err == nil {
				args = append(args, strings.Fields(string(b))...)
			}
			runs := 1
			if verb == "posttool" {
				runs = 3
			}
			var r result
			for i := 0; i < runs; i++ {
				r = w.hook(verb, payload, map[string]string{"DOS_RUN_ID": kRunA}, args...)
			}
			got := strings.ReplaceAll(r.stdout, w.ws, "<ws>")
			got += fmt.Sprintf("--- exit %d\n", r.code)
			if r.stderr != "" {
				got += "--- stderr " + strings.ReplaceAll(r.stderr, w.ws, "<ws>")
			}
			if hs := w.hookRecords(); len(hs) > 0 {
				last := hs[len(hs)-1]
				d := hookDetail(t, last)
				got += fmt.Sprintf("--- record %s %s %s lane=%s source=%s tool=%s paths=%d known=%v\n",
					last.Syscall, last.Verdict, d.Reason, last.Lane, last.Source, d.Tool, d.PathsCount, d.FootprintKnown)
			} else {
				got += "--- no record\n"
			}
			goldenfile.Check(t, strings.TrimSuffix(c, ".json")+".golden", got, *update)
		})
	}
	for _, verb := range []string{"pretool", "posttool", "stop"} {
		for _, d := range []string{"claude-code", "codex", "gemini", "cursor"} {
			if !verbs[verb][d] {
				t.Errorf("no %s payload for %s", verb, d)
			}
		}
	}
}
