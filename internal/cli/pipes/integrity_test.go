package pipes

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/fixtures"
)

// hashMember matches a cursor's hash member.
func hashMember() *regexp.Regexp { return regexp.MustCompile(`"hash":"[0-9a-f]{64}",?`) }

// keyedWorld is a workspace whose verdicts are journaled in keyed mode,
// with the key kept outside it.
func keyedWorld(t *testing.T) (env map[string]string, journalDir string) {
	t.Helper()
	ws, keys := t.TempDir(), t.TempDir()
	key := filepath.Join(keys, "journal.key")
	if r := dos(t, nil, "journal", "key", "init", key); r.code != 0 {
		t.Fatalf("key init: exit %d %s", r.code, r.stderr)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	journalDir = filepath.Join(ws, ".dos", "journal")
	env = map[string]string{"DOS_WORKSPACE": ws, "DOS_JOURNAL_KEY_FILE": key, "DOS_RUN_ID": "01JD6Z3Y8T0000000000000A01"}
	for i := 0; i < 10; i++ {
		if r := dos(t, env, "reward", "--no-claim"); r.code != 5 {
			t.Fatalf("reward: exit %d %s", r.code, r.stderr)
		}
	}
	return env, journalDir
}

// TestRewrite_CaughtByCursorCopyAndKey: an agent edits seq 4's verdict
// and re-chains every later hash with the documented canonicalisation.
// The chain alone verifies (that is what re-chaining buys), but an export
// on the existing cursor exits 2 naming the rewrite, journal verify checks
// the cursor the same way, --against the exported file names seq 4, and
// in keyed mode journal verify alone exits 1 naming seq 4. On main the
// export went on, verify said INTACT, and there was no --against or key.
func TestRewrite_CaughtByCursorCopyAndKey(t *testing.T) {
	env, j := keyedWorld(t)
	copyFile := filepath.Join(t.TempDir(), "exported.jsonl")
	if r := dos(t, env, "export", "--to", "file", "--path", copyFile); r.code != 0 {
		t.Fatalf("export: exit %d %s", r.code, r.stderr)
	}
	if r := dos(t, env, "journal", "verify"); r.code != 0 || !strings.Contains(r.stdout, "SIGNED") {
		t.Fatalf("the untouched keyed journal: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if err := fixtures.Rechain(j, func(seq uint64, body string) string {
		if seq == 4 {
			return strings.Replace(body, `"verdict":"NO_CLAIM"`, `"verdict":"ACCEPT"`, 1)
		}
		return body
	}); err != nil {
		t.Fatal(err)
	}

	r := dos(t, env, "export", "--to", "file", "--path", copyFile)
	if r.code != 2 || !strings.Contains(r.stderr, "the journal was rewritten after seq 10 was exported to file") {
		t.Fatalf("export on the old cursor: exit %d %q", r.code, r.stderr)
	}
	if r := dos(t, env, "export", "status"); r.code != 2 || !strings.Contains(r.stdout, "INVALID") {
		t.Fatalf("export status: exit %d %s", r.code, r.stdout)
	}
	noKey := map[string]string{"DOS_WORKSPACE": env["DOS_WORKSPACE"]}
	if r := dos(t, noKey, "journal", "verify"); r.code != 1 || !strings.Contains(r.stdout, "rewritten after seq 10 was exported to file") {
		t.Fatalf("journal verify with the cursor: exit %d %s", r.code, r.stdout)
	}
	os.RemoveAll(filepath.Join(j, "cursors"))
	if r := dos(t, noKey, "journal", "verify"); r.code != 0 {
		t.Fatalf("without cursors, key or copy the re-chained journal should verify (the threat model says so): exit %d %s", r.code, r.stdout)
	}
	if r := dos(t, noKey, "journal", "verify", "--against", copyFile); r.code != 1 || !strings.Contains(r.stdout, "DIFFERS at seq 4") {
		t.Fatalf("--against: exit %d %s", r.code, r.stdout)
	}
	if r := dos(t, env, "journal", "verify"); r.code != 1 || !strings.Contains(r.stdout, "the record at seq 4 has hash") {
		t.Fatalf("keyed verify: exit %d %s", r.code, r.stdout)
	}
}

// TestKey_RefusedInsideTheWorkspace: a key the agent could read is no key.
func TestKey_RefusedInsideTheWorkspace(t *testing.T) {
	ws := t.TempDir()
	key := filepath.Join(ws, "journal.key")
	dos(t, nil, "journal", "key", "init", key)
	env := map[string]string{"DOS_WORKSPACE": ws, "DOS_JOURNAL_KEY_FILE": key}
	if r := dos(t, env, "reward"); r.code != 2 || !strings.Contains(r.stderr, "inside the workspace") {
		t.Fatalf("exit %d %q", r.code, r.stderr)
	}
	if r := dos(t, nil, "journal", "key", "init", key); r.code != 2 {
		t.Fatalf("init over an existing key: exit %d", r.code)
	}
	os.Chmod(key, 0o644)
	out := filepath.Join(t.TempDir(), "k")
	os.WriteFile(out, []byte(strings.Repeat("ab", 32)), 0o644)
	if r := dos(t, map[string]string{"DOS_WORKSPACE": ws, "DOS_JOURNAL_KEY_FILE": out}, "reward"); r.code != 2 || !strings.Contains(r.stderr, "chmod 600") {
		t.Fatalf("a world-readable key: exit %d %q", r.code, r.stderr)
	}
}

// TestCursor_WithoutAHashIsReadAndUpgraded: a cursor saved before dos
// checked hashes (no "hash" member) still resumes, and the next save
// writes the hash of the record it stands on.
func TestCursor_WithoutAHashIsReadAndUpgraded(t *testing.T) {
	j := exportJournal(t, 5)
	if r := dos(t, nil, "--journal", j, "export", "--to", "null"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	p := filepath.Join(j, "cursors", "null.json")
	b, _ := os.ReadFile(p)
	legacy := hashMember().ReplaceAllString(string(b), "")
	os.WriteFile(p, []byte(legacy), 0o644)
	if strings.Contains(legacy, `"hash"`) {
		t.Fatalf("the legacy cursor still has a hash: %s", legacy)
	}
	appendExportRecords(t, j, 3)
	if r := dos(t, nil, "--journal", j, "export", "--to", "null"); r.code != 0 || !strings.Contains(r.stdout, "exported 3 records") {
		t.Fatalf("a legacy cursor: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if b, _ := os.ReadFile(p); !hashMember().Match(b) {
		t.Fatalf("the cursor was not upgraded: %s", b)
	}
}

// TestPrune_ACursorTheJournalDoesNotBackIsExit2NamingIt: the forged
// cursor of issue 11 (seq 99999) made prune delete records it never
// delivered and export status show LAG 0.
func TestPrune_ACursorTheJournalDoesNotBackIsExit2NamingIt(t *testing.T) {
	j := fixture(t, "segmented")
	os.MkdirAll(filepath.Join(j, "cursors"), 0o755)
	os.WriteFile(filepath.Join(j, "cursors", "forged.json"), []byte(`{"v":1,"name":"forged","seq":99999,"id":"01M844DZP80000000000000000","destination":"null"}`), 0o644)
	before, _ := filepath.Glob(filepath.Join(j, "*.jsonl"))
	r := dos(t, nil, "--journal", j, "journal", "prune", "--keep-segments", "1")
	if r.code != 2 || !strings.Contains(r.stderr, "cursor forged") || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("prune: exit %d %q", r.code, r.stderr)
	}
	if after, _ := filepath.Glob(filepath.Join(j, "*.jsonl")); len(after) != len(before) {
		t.Fatalf("prune deleted %d segments despite refusing", len(before)-len(after))
	}
	if r := dos(t, nil, "--journal", j, "export", "status"); r.code != 2 || !strings.Contains(r.stdout, "INVALID") || strings.Contains(r.stdout, "forged  null  99999  0") {
		t.Fatalf("status: exit %d %s", r.code, r.stdout)
	}
	if r := dos(t, nil, "--journal", j, "journal", "prune", "--keep-segments", "1", "--force"); r.code != 0 {
		t.Fatalf("--force: exit %d %s", r.code, r.stderr)
	}
}
