package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/fixtures"
	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/schemas"
)

// viewEnv points dos at a fixture journal with no colour.
func viewEnv(t *testing.T, name string) map[string]string {
	return map[string]string{"DOS_JOURNAL": fixture(t, name), "DOS_WORKSPACE": t.TempDir(), "NO_COLOR": "1"}
}

// fixtureNow is one hour after the view fixtures were written.
var fixtureNow = fixtures.Epoch.Add(time.Hour).Format(time.RFC3339)

// checkJSON validates a --json output against a view schema.
func checkJSON(t *testing.T, schema string, r result) {
	t.Helper()
	if err := schemas.Validate(schema, []byte(r.stdout)); err != nil {
		t.Fatalf("%s rejects the output: %v\n%s", schema, err, r.stdout)
	}
}

func TestObserve_Golden(t *testing.T) {
	cases := []struct {
		name, journal string
		args          []string
		code          int
	}{
		{"observe-by-syscall.txt", "views", nil, 0},
		{"observe-by-verdict.txt", "views", []string{"--by", "verdict"}, 0},
		{"observe-by-run.txt", "views", []string{"--by", "run"}, 0},
		{"observe-by-lane-leases.txt", "views", []string{"--by", "lane", "--syscall", "lease.acquire"}, 0},
		{"observe-run-history.txt", "views", []string{"--run", fixtures.RunB}, 0},
		{"observe-tail.txt", "views", []string{"--tail", "3"}, 0},
		{"observe-tail-filtered.txt", "views", []string{"--tail", "2", "--verdict", "SHIPPED"}, 0},
		{"observe-window-seq.txt", "views", []string{"--since", "10", "--until", "14", "--by", "kind"}, 0},
		{"observe-window-time.txt", "views", []string{"--since", "2026-11-20T09:00:20Z", "--by", "source"}, 0},
		{"observe-damaged.txt", "views-damaged", []string{"--by", "verdict"}, 1},
		{"observe-segmented.txt", "views-segmented", []string{"--by", "run"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := dos(t, viewEnv(t, c.journal), append([]string{"observe"}, c.args...)...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, c.code, r.stderr)
			}
			golden(t, "views/"+c.name, r.stdout)
		})
	}
}

func TestObserve_JSONMatchesSchema(t *testing.T) {
	for _, args := range [][]string{
		{"observe", "--json"},
		{"observe", "--json", "--by", "lane"},
		{"observe", "--json", "--run", fixtures.RunA},
		{"observe", "--json", "--tail", "5"},
	} {
		for _, j := range []string{"views", "views-damaged", "views-segmented"} {
			r := dos(t, viewEnv(t, j), args...)
			checkJSON(t, schemas.Observe, r)
		}
	}
}

func TestObserve_SegmentedJournalCountsTheSameAsOneSegment(t *testing.T) {
	one := dos(t, viewEnv(t, "views"), "observe", "--by", "verdict")
	many := dos(t, viewEnv(t, "views-segmented"), "observe", "--by", "verdict")
	if one.stdout != many.stdout {
		t.Fatalf("one segment:\n%s\nmany segments:\n%s", one.stdout, many.stdout)
	}
}

func TestObserve_CorruptLineIsCountedAndExitsOne(t *testing.T) {
	r := dos(t, viewEnv(t, "views-damaged"), "observe", "--json")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1", r.code)
	}
	for _, want := range []string{`"corrupt": 1`, `"after_seq": 14`, `"records": 27`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("missing %s in\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "1 bad line in the journal") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestObserve_MissingJournalIsAnEmptyView(t *testing.T) {
	env := map[string]string{"DOS_WORKSPACE": t.TempDir(), "NO_COLOR": "1"} // its default journal does not exist yet
	r := dos(t, env, "observe")
	if r.code != 0 || !strings.Contains(r.stdout, "no records match") {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	r = dos(t, env, "observe", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	checkJSON(t, schemas.Observe, r)
}

func TestObserve_BadFlagsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"--by", "color"},
		{"--run", "not-a-ulid"},
		{"--since", "yesterday-ish"},
		{"--since", "20", "--until", "10"},
		{"--tail", "0"},
		{"--tail", "-3"},
	} {
		r := dos(t, viewEnv(t, "views"), append([]string{"observe"}, args...)...)
		if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestHelped_Golden(t *testing.T) {
	cases := []struct {
		name, journal string
		args          []string
		code          int
	}{
		{"helped.txt", "views", nil, 0},
		{"helped-explain.txt", "views", []string{"--explain"}, 0},
		{"helped-run.txt", "views", []string{"--run", fixtures.RunD}, 0},
		{"helped-window.txt", "views", []string{"--since", "20"}, 0},
		{"helped-nothing-caught.txt", "views", []string{"--since", "24", "--until", "27"}, 0},
		{"helped-damaged.txt", "views-damaged", nil, 1},
		{"helped-empty.txt", "none", nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{"DOS_WORKSPACE": t.TempDir(), "NO_COLOR": "1"} // no journal yet
			if c.journal != "none" {
				env = viewEnv(t, c.journal)
			}
			r := dos(t, env, append([]string{"helped", "--now", fixtureNow}, c.args...)...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, c.code, r.stderr)
			}
			golden(t, "views/"+c.name, r.stdout)
			r = dos(t, env, append([]string{"helped", "--json", "--now", fixtureNow}, c.args...)...)
			checkJSON(t, schemas.Helped, r)
		})
	}
}

// TestViews_ColourNeverMovesAColumn is issue 16's third point: tabwriter
// counted the bytes of colour codes, so a painted cell pushed the rest of
// its row right. With colour forced on, every view's text with the codes
// stripped must be byte for byte its colourless text, and must hold codes.
func TestViews_ColourNeverMovesAColumn(t *testing.T) {
	for _, args := range [][]string{
		{"helped", "--now", fixtureNow}, {"observe", "--by", "verdict"}, {"trace", fixtures.RunA},
		{"top", "--once", "--now", fixtureNow}, {"decisions", "--now", fixtureNow}, {"observe", "--tail", "5"},
	} {
		env := viewEnv(t, "views")
		plain := dos(t, env, args...)
		delete(env, "NO_COLOR")
		env["CLICOLOR_FORCE"] = "1"
		colour := dos(t, env, args...)
		if !strings.Contains(colour.stdout, "\x1b[") {
			t.Errorf("%v: no colour with CLICOLOR_FORCE", args)
		}
		if got := ui.Strip(colour.stdout); got != plain.stdout {
			t.Errorf("%v: colour moves text:\n%s\n--- without colour\n%s", args, got, plain.stdout)
		}
	}
}

// TestObserve_TailCountsEveryMatchNotOnlyTheOnesRead: the unfiltered tail
// seeks past all but the last N records, and used to say "last 3 of 3"
// when 27 match; the records it skipped are counted.
func TestObserve_TailCountsEveryMatchNotOnlyTheOnesRead(t *testing.T) {
	for _, j := range []string{"views", "views-segmented"} {
		env := viewEnv(t, j)
		for args, want := range map[string]string{
			"--tail 3":                   "last 3 of 27 matching records",
			"--tail 2 --since 10":        "last 2 of 18 matching records",
			"--tail 2 --until 20":        "last 2 of 20 matching records",
			"--tail 2 --verdict SHIPPED": "last 2 of 4 matching records",
		} {
			r := dos(t, env, append([]string{"observe"}, strings.Fields(args)...)...)
			if r.code != 0 || !strings.HasPrefix(r.stdout, want) {
				t.Errorf("%s %s: exit %d\n%s", j, args, r.code, r.stdout)
			}
		}
	}
}
