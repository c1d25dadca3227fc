package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/dos-go/dos/journal"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestJournal_MissingJournalIsEmptyAndExitsZero(t *testing.T) {
	ws := t.TempDir() // its default journal, <ws>/.dos/journal, does not exist yet
	dir := filepath.Join(ws, ".dos", "journal")
	for _, args := range [][]string{{"tail"}, {"cat"}, {"seq"}, {"stats"}, {"verify"}, {"repair"}, {"prune", "--keep-segments", "1"}} {
		r := dos(t, nil, append([]string{"journal", "--workspace", ws}, args...)...)
		if r.code != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		if !strings.Contains(r.stdout+r.stderr, "no journal yet") {
			t.Errorf("%v: says nothing about the missing journal: %q %q", args, r.stdout, r.stderr)
		}
	}
	if r := dos(t, nil, "journal", "seq", "--workspace", ws); strings.TrimSpace(r.stdout) != "0" {
		t.Errorf("seq on no journal: %q", r.stdout)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a reader created the journal directory")
	}
}

// TestJournal_NamedJournalThatDoesNotExistExitsTwo is issue 16's sixth
// point: `--journal /typo journal verify` said "nothing to verify" with
// exit 0, which a cron job takes for an intact chain. A journal named by
// --journal or $DOS_JOURNAL must exist; every reader says which name
// pointed nowhere. An existing empty directory is still an empty journal.
func TestJournal_NamedJournalThatDoesNotExistExitsTwo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	for _, args := range [][]string{
		{"journal", "verify"}, {"journal", "tail"}, {"journal", "cat"}, {"journal", "seq"}, {"journal", "stats"},
		{"journal", "repair"}, {"journal", "prune", "--keep-segments", "1"}, {"journal", "verify", "--json"},
		{"observe"}, {"helped"}, {"decisions"}, {"top", "--once"}, {"trace", "01JD6Z3Y8T0000000000000A01"}, {"lease", "live"},
	} {
		for _, how := range []string{"--journal", "$DOS_JOURNAL"} {
			env, argv := map[string]string{"DOS_WORKSPACE": t.TempDir()}, append([]string{"--journal", dir}, args...)
			if how == "$DOS_JOURNAL" {
				env["DOS_JOURNAL"], argv = dir, args
			}
			r := dos(t, env, argv...)
			if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "no journal at "+dir+" (named by "+how+")") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("%v by %s: exit %d, stdout %q, stderr %q", args, how, r.code, r.stdout, r.stderr)
			}
		}
	}
	empty := t.TempDir()
	if r := dos(t, nil, "--journal", empty, "journal", "verify"); r.code != 0 {
		t.Errorf("an empty journal directory: exit %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a reader created the journal directory")
	}
}

func TestJournal_UnreadableJournalIsOneLineExit2(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("not a directory"), 0o644)
	for _, args := range [][]string{{"tail"}, {"cat"}, {"stats"}, {"verify"}, {"seq"}, {"repair"}} {
		r := dos(t, nil, append([]string{"journal", "--journal", file}, args...)...)
		if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "dos: ") {
			t.Errorf("%v: exit %d stderr %q", args, r.code, r.stderr)
		}
	}
}

func TestJournal_JournalFlagBeatsEnvBeatsWorkspace(t *testing.T) {
	basic := fixture(t, "basic")
	ws := t.TempDir()
	if r := dos(t, map[string]string{"DOS_JOURNAL": basic}, "journal", "seq", "--workspace", ws); strings.TrimSpace(r.stdout) != "11" {
		t.Errorf("DOS_JOURNAL ignored: %q", r.stdout)
	}
	if r := dos(t, map[string]string{"DOS_JOURNAL": "/nonexistent"}, "journal", "seq", "--journal", basic); strings.TrimSpace(r.stdout) != "11" {
		t.Errorf("--journal did not win: %q", r.stdout)
	}
	os.MkdirAll(filepath.Join(ws, ".dos"), 0o755)
	os.Rename(basic, filepath.Join(ws, ".dos", "journal"))
	if r := dos(t, map[string]string{"DOS_WORKSPACE": ws}, "journal", "seq"); strings.TrimSpace(r.stdout) != "11" {
		t.Errorf("workspace journal not found: %q %q", r.stdout, r.stderr)
	}
}

func TestJournal_CatRangeAndJSONLines(t *testing.T) {
	dir := fixture(t, "segmented")
	r := dos(t, nil, "journal", "cat", "--journal", dir, "--since", "20", "--until", "24", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	seq := 20
	for sc.Scan() {
		var rec struct{ Seq int }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil || rec.Seq != seq {
			t.Fatalf("line %q: %v (want seq %d)", sc.Text(), err, seq)
		}
		seq++
	}
	if seq != 25 {
		t.Fatalf("printed through seq %d", seq-1)
	}
	if r := dos(t, nil, "journal", "cat", "--journal", dir, "--since", "9", "--until", "3"); r.code != 2 {
		t.Errorf("--until before --since: exit %d", r.code)
	}
}

func TestJournal_TextOutputGolden(t *testing.T) {
	dir := fixture(t, "segmented")
	r := dos(t, nil, "journal", "tail", "-n", "4", "--journal", dir)
	golden(t, "journal-tail.txt", r.stdout)
	r = dos(t, nil, "journal", "stats", "--journal", dir)
	golden(t, "journal-stats.txt", strings.Replace(r.stdout, dir, "JOURNAL", 1))
	r = dos(t, nil, "journal", "verify", "--journal", dir)
	golden(t, "journal-verify.txt", r.stdout)
}

func TestJournal_BadLinesExitOne(t *testing.T) {
	r := dos(t, nil, "journal", "cat", "--journal", fixture(t, "corrupt-line"))
	if r.code != 1 || !strings.Contains(r.stderr, "corrupt line") || strings.Count(r.stdout, "\n") != 7 {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	r = dos(t, nil, "journal", "cat", "--journal", fixture(t, "torn-tail"))
	if r.code != 0 || strings.Count(r.stdout, "\n") != 12 {
		t.Fatalf("torn tail: exit %d, %d lines, stderr %q", r.code, strings.Count(r.stdout, "\n"), r.stderr)
	}
}

func TestJournal_VerifyExitCodes(t *testing.T) {
	if r := dos(t, nil, "journal", "verify", "--journal", fixture(t, "segmented")); r.code != 0 || !strings.HasPrefix(r.stdout, "INTACT 66 records") {
		t.Fatalf("intact: exit %d %q", r.code, r.stdout)
	}
	dir := fixture(t, "basic")
	seg := filepath.Join(dir, "00000000000000000001.jsonl")
	b, _ := os.ReadFile(seg)
	os.WriteFile(seg, []byte(strings.Replace(string(b), `"NOT_SHIPPED"`, `"SHIPPED"`, 1)), 0o644)
	r := dos(t, nil, "journal", "verify", "--journal", dir)
	if r.code != 1 || !strings.Contains(r.stdout, "edited at seq 6") {
		t.Fatalf("tampered: exit %d %q", r.code, r.stdout)
	}
	r = dos(t, nil, "journal", "verify", "--journal", dir, "--json")
	var rep struct {
		Breach struct {
			Kind string
			Seq  int
		}
	}
	if json.Unmarshal([]byte(r.stdout), &rep) != nil || rep.Breach.Seq != 6 || r.code != 1 {
		t.Fatalf("json: %q", r.stdout)
	}
	if r := dos(t, nil, "journal", "verify", "--journal", fixture(t, "newer-version")); r.code != 2 || !strings.Contains(r.stdout, "upgrade dos") {
		t.Fatalf("newer version: exit %d %q", r.code, r.stdout)
	}
}

// writeCursorAt writes cursor name standing on the record at seq, as an
// export would.
func writeCursorAt(t *testing.T, dir, name string, seq uint64) {
	t.Helper()
	for r, err := range journal.At(dir).Scan(t.Context(), journal.Query{From: seq, Until: seq}) {
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, "cursors"), 0o755)
		body := fmt.Sprintf(`{"v":1,"name":%q,"seq":%d,"id":%q,"hash":%q,"destination":"test"}`, name, r.Seq, r.ID, r.Hash)
		if err := os.WriteFile(filepath.Join(dir, "cursors", name+".json"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("no record at seq %d", seq)
}

func TestJournal_PruneRespectsCursors(t *testing.T) {
	dir := fixture(t, "segmented")
	writeCursorAt(t, dir, "otlp", 20)
	r := dos(t, nil, "journal", "prune", "--journal", dir, "--keep-segments", "2")
	if r.code != 0 || !strings.Contains(r.stdout, "deleted 3 segments") || !strings.Contains(r.stdout, "stopped at cursor otlp") {
		t.Fatalf("exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := dos(t, nil, "journal", "verify", "--journal", dir); r.code != 0 || !strings.Contains(r.stdout, "prune anchor at seq 16") {
		t.Fatalf("verify after prune: %d %q", r.code, r.stdout)
	}
	if r := dos(t, nil, "journal", "prune", "--journal", dir); r.code != 2 {
		t.Errorf("prune without a rule: exit %d", r.code)
	}
	if r := dos(t, nil, "journal", "prune", "--journal", dir, "--older-than", "soon"); r.code != 2 || !strings.Contains(r.stderr, "--older-than") {
		t.Errorf("bad duration: exit %d %q", r.code, r.stderr)
	}
}

func TestJournal_NoVerbAppendsArbitraryRecords(t *testing.T) {
	for _, verb := range []string{"append", "write", "add"} {
		if r := dos(t, nil, "journal", verb, "{}"); r.code == 0 {
			t.Errorf("journal %s succeeded", verb)
		}
	}
}

func TestVersion(t *testing.T) {
	r := dos(t, nil, "version", "--json")
	var v struct{ Version, Commit string }
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &v) != nil || v.Version == "" || v.Commit == "" {
		t.Fatalf("%d %q", r.code, r.stdout)
	}
}

// TestJournal_CorruptTailIsReportedThenRepaired walks an operator through a
// corrupt last line: writers refuse, readers report it and go on, repair
// moves it aside and records that it did, and appends resume.
func TestJournal_CorruptTailIsReportedThenRepaired(t *testing.T) {
	dir := fixture(t, "basic") // seq 1..11
	segs, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	f, err := os.OpenFile(segs[len(segs)-1], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("{\"v\":1,\"seq\":12,\"id\":\x00\x00\x00\n")
	f.Close()
	env := map[string]string{"DOS_JOURNAL": dir}

	if r := dos(t, env, "run", "start", "--name", "blocked", "--strict-journal"); r.code != 2 || !strings.Contains(r.stderr, "dos journal repair") {
		t.Fatalf("strict append after a corrupt tail: exit %d, %q", r.code, r.stderr)
	}
	r := dos(t, env, "journal", "tail", "-n", "2")
	if r.code != 1 || strings.Count(r.stdout, "\n") != 3 || !strings.Contains(r.stdout, "\n10 ") || !strings.Contains(r.stdout, "\n11 ") ||
		!strings.Contains(r.stderr, "corrupt line") || !strings.Contains(r.stderr, "(after seq 11)") {
		t.Fatalf("tail: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := dos(t, env, "journal", "seq"); r.code != 1 || r.stdout != "11\n" || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("seq: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := dos(t, env, "journal", "verify"); r.code != 1 {
		t.Fatalf("verify: exit %d", r.code)
	}

	before, _ := os.ReadFile(segs[len(segs)-1])
	if r := dos(t, env, "journal", "repair", "--dry-run"); r.code != 0 || !strings.HasPrefix(r.stdout, "would move aside 1 corrupt line (25 B) from ") {
		t.Fatalf("dry run: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if after, _ := os.ReadFile(segs[len(segs)-1]); string(after) != string(before) {
		t.Fatal("a dry run changed the segment")
	}
	r = dos(t, env, "journal", "repair", "--json")
	var res struct {
		Lines      int
		LastSeq    uint64 `json:"last_seq"`
		Quarantine string
		Record     struct {
			Seq     uint64
			Syscall string
			Verdict string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 {
		t.Fatalf("repair: exit %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if res.Lines != 1 || res.LastSeq != 11 || res.Record.Seq != 12 || res.Record.Syscall != "journal.repair" || res.Record.Verdict != "REPAIRED" {
		t.Fatalf("repair: %+v", res)
	}
	if q, err := os.ReadFile(filepath.Join(dir, res.Quarantine)); err != nil || !strings.HasPrefix(string(q), "{\"v\":1,\"seq\":12,\"id\":") {
		t.Fatalf("quarantine %s: %q %v", res.Quarantine, q, err)
	}
	if r := dos(t, env, "run", "start", "--name", "resumed", "--strict-journal"); r.code != 0 {
		t.Fatalf("append after repair: exit %d %q", r.code, r.stderr)
	}
	if r := dos(t, env, "journal", "verify"); r.code != 0 || !strings.HasPrefix(r.stdout, "INTACT 13 records") {
		t.Fatalf("verify after repair: exit %d %q", r.code, r.stdout)
	}
	if r := dos(t, env, "journal", "repair"); r.code != 0 || r.stdout != "nothing to repair: the journal ends with a record (seq 13)\n" {
		t.Fatalf("second repair: exit %d %q", r.code, r.stdout)
	}
}
