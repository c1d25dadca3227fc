package cli

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/fixtures"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/notifiers"
	"github.com/dos-go/dos/vocab"
	"github.com/oklog/ulid/v2"
)

// traceID is the run's OTLP trace id as Grafana and Tempo show it.
func traceID(t *testing.T, run string) string {
	id, err := ulid.ParseStrict(run)
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(id[:])
}

// TestRunArg_OneSpellingEverywhere is issue 16's fifth point: a run is the
// positional argument or --run-id (then $DOS_RUN_ID) in trace, resume and
// complete; observe and helped keep --run as an alias; and the run's
// 32-hex trace id, or its ULID in lower case, names the same run.
func TestRunArg_OneSpellingEverywhere(t *testing.T) {
	env := viewEnv(t, "views")
	hexID := traceID(t, fixtures.RunA)
	for _, verb := range []string{"trace", "resume", "complete"} {
		want := dos(t, env, verb, fixtures.RunA, "--now", fixtureNow)
		for _, args := range [][]string{
			{"--run-id", fixtures.RunA}, {hexID}, {"--run-id", strings.ToUpper(hexID)}, {strings.ToLower(fixtures.RunA)},
			{fixtures.RunA, "--run-id", fixtures.RunA},
		} {
			got := dos(t, env, append([]string{verb, "--now", fixtureNow}, args...)...)
			if got.stdout != want.stdout || got.code != want.code {
				t.Errorf("%s %v: exit %d (want %d)\n%s", verb, args, got.code, want.code, got.stdout)
			}
		}
		withEnv := map[string]string{"DOS_RUN_ID": hexID}
		for k, v := range env {
			withEnv[k] = v
		}
		if got := dos(t, withEnv, verb, "--now", fixtureNow); got.stdout != want.stdout {
			t.Errorf("%s from $DOS_RUN_ID: exit %d %s", verb, got.code, got.stderr)
		}
		for _, args := range [][]string{{fixtures.RunA, "--run-id", fixtures.RunB}, {"not-a-run"}, {fixtures.RunA, fixtures.RunB}, {}} {
			r := dos(t, env, append([]string{verb}, args...)...)
			if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("%s %v: exit %d, stdout %q, stderr %q", verb, args, r.code, r.stdout, r.stderr)
			}
		}
	}
	for _, verb := range []string{"observe", "helped"} {
		want := dos(t, env, verb, "--run-id", fixtures.RunA, "--now", fixtureNow)
		for _, args := range [][]string{{"--run", fixtures.RunA}, {"--run", hexID}, {"--run-id", hexID}} {
			if got := dos(t, env, append([]string{verb, "--now", fixtureNow}, args...)...); got.stdout != want.stdout || want.code != 0 {
				t.Errorf("%s %v:\n%s\nwant\n%s", verb, args, got.stdout, want.stdout)
			}
		}
	}
}

// TestRunArg_VerdictVerbsTakeATraceID: a syscall's --run-id given as the
// run's trace id journals the run's ULID, never the hex.
func TestRunArg_VerdictVerbsTakeATraceID(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"DOS_JOURNAL": dir}
	r := dos(t, env, "breaker", "--consecutive", "1", "--total", "2", "--run-id", traceID(t, fixtures.RunA))
	if r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	got := dos(t, env, "observe", "--run-id", fixtures.RunA, "--json")
	if !strings.Contains(got.stdout, `"run_id": "`+fixtures.RunA+`"`) {
		t.Fatalf("the record does not carry the ULID:\n%s", got.stdout)
	}
}

// TestRunArg_ARIDRunsTraceIDNamesIt: a run with the reference's RID-… id
// is one trace too (journal.RunTraceID), and that trace id, pasted from
// Grafana, names the RID run (never a ULID that does not exist).
func TestRunArg_ARIDRunsTraceIDNamesIt(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"DOS_JOURNAL": dir}
	const rid = "RID-01JD6Z3Y8ABCDEF"
	id, ok := journal.RunTraceID(rid)
	if !ok {
		t.Fatal("no trace id")
	}
	if r := dos(t, env, "breaker", "--consecutive", "1", "--total", "2", "--run-id", hex.EncodeToString(id[:])); r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	got := dos(t, env, "observe", "--run-id", hex.EncodeToString(id[:]), "--json")
	if !strings.Contains(got.stdout, `"run_id": "`+rid+`"`) {
		t.Fatalf("the trace id does not name the RID run:\n%s", got.stdout)
	}
}

// TestDurations_AcceptDaysEverywhere: `top --spin-after 1d` failed while
// every other duration took days.
func TestDurations_AcceptDaysEverywhere(t *testing.T) {
	env := viewEnv(t, "views")
	for _, args := range [][]string{
		{"top", "--once", "--spin-after", "1d", "--stall-after", "2d"},
		{"top", "--once", "--interval", "1d"},
		{"journal", "tail", "--interval", "1d", "-n", "1"},
		{"decisions", "--window", "1d"},
		{"observe", "--since", "36500d"},
	} {
		if r := dos(t, env, args...); r.code != 0 {
			t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
	r := dos(t, env, "top", "--once", "--spin-after", "1 day")
	if r.code != 2 || !strings.Contains(r.stderr, "7d") {
		t.Errorf("a bad duration: exit %d %q", r.code, r.stderr)
	}
}

// TestJournalCat_SinceAndUntilTakeASeqATimeOrAnAge: `journal cat --since
// 7d` failed with a raw strconv error.
func TestJournalCat_SinceAndUntilTakeASeqATimeOrAnAge(t *testing.T) {
	env := viewEnv(t, "views")
	count := func(args ...string) int {
		r := dos(t, env, append([]string{"journal", "cat"}, args...)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d %s", args, r.code, r.stderr)
		}
		return strings.Count(r.stdout, "\n") - 1 // the header
	}
	all := count()
	if n := count("--since", "36500d"); n != all {
		t.Errorf("--since 36500d: %d of %d records", n, all)
	}
	if n := count("--since", "20", "--until", "22"); n != 3 {
		t.Errorf("--since 20 --until 22: %d records", n)
	}
	// fixture records are one second apart from 09:00:00; seq n is at 09:00:0n
	if n := count("--since", "2026-11-20T09:00:20Z", "--until", "2026-11-20T09:00:23Z"); n != 3 {
		t.Errorf("a time window: %d records", n)
	}
	for _, args := range [][]string{{"--since", "yesterday"}, {"--until", "soon"}, {"--since", "9", "--until", "3"}} {
		r := dos(t, env, append([]string{"journal", "cat"}, args...)...)
		if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || strings.Contains(r.stderr, "strconv") {
			t.Errorf("%v: exit %d %q", args, r.code, r.stderr)
		}
	}
}

// TestTypos_AreRefusedWithWhatWasMeant is issue 16's sixth point: tokens
// match case aside, and a near miss is exit 2 with the closest names.
func TestTypos_AreRefusedWithWhatWasMeant(t *testing.T) {
	env := viewEnv(t, "views")
	want := dos(t, env, "observe", "--verdict", "SHIPPED", "--by", "syscall")
	if got := dos(t, env, "observe", "--verdict", "shipped", "--by", "Syscall"); got.code != 0 || got.stdout != want.stdout {
		t.Errorf("case: exit %d\n%s", got.code, got.stdout)
	}
	if got := dos(t, env, "observe", "--syscall", "LEASE.ACQUIRE"); got.code != 0 || strings.Contains(got.stdout, "no records match") {
		t.Errorf("syscall case: %s", got.stdout)
	}
	for args, meant := range map[string]string{
		"observe --syscall verfy":         "did you mean verify?",
		"observe --verdict shiped":        "did you mean SHIPPED?",
		"observe --by verdikt":            "did you mean verdict?",
		"decisions --resolver humna":      "did you mean HUMAN?",
		"obsrve":                          `unknown command "obsrve" for "dos"; did you mean observe?`,
		"journal tial":                    "did you mean tail?",
		"lease aquire":                    "did you mean acquire?",
		"trace a b":                       "usage: dos trace [RUN_ID]",
		"intent claim":                    "usage: dos intent claim [--plan P] STEP",
		"exit-codes a b c d":              "usage: dos exit-codes [VERB]",
		"observe --verdict NOT_A_VERDICT": "is not one dos knows",
	} {
		r := dos(t, env, strings.Fields(args)...)
		if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, meant) {
			t.Errorf("dos %s: exit %d, stdout %q, stderr %q (want %q)", args, r.code, r.stdout, r.stderr, meant)
		}
	}
}

// TestVocab_SyscallsNameEveryWriter: --syscall is checked against
// vocab.Syscalls(), which must hold the journal's and the notifiers' own
// syscalls (they keep their names beside their writers).
func TestVocab_SyscallsNameEveryWriter(t *testing.T) {
	have := map[string]bool{}
	for _, s := range vocab.Syscalls() {
		have[s] = true
	}
	for _, s := range []string{journal.SysRepair, notifiers.SysNotifyDecisions, notifiers.SysNotifyTop} {
		if !have[s] {
			t.Errorf("vocab.Syscalls() lacks %s", s)
		}
	}
	tokens := map[string]bool{}
	for _, s := range vocab.Tokens() {
		tokens[s] = true
	}
	if !tokens[journal.VerdictRepaired] || !tokens[vocab.VerdictGrantsExec] {
		t.Errorf("vocab.Tokens() lacks a token: %v", vocab.Tokens())
	}
}

func TestSuggest_ClosestFirst(t *testing.T) {
	got := Suggest("verfy", vocab.Syscalls())
	if len(got) == 0 || got[0] != "verify" {
		t.Errorf("Suggest(verfy) = %v", got)
	}
	if got := Suggest("zzzzzz", vocab.Syscalls()); len(got) != 0 {
		t.Errorf("Suggest(zzzzzz) = %v", got)
	}
}
