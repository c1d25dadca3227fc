package pipes

import (
	"strings"
	"testing"
)

// TestCompletion_DriversComplete: --to and --notifier offer their drivers
// (dos forwards completion of export and notify to dos-pipes).
func TestCompletion_DriversComplete(t *testing.T) {
	for words, want := range map[string][]string{
		"export --to ":                 {"file", "statsd", "otlp", "null"},
		"notify decisions --notifier ": {"slack", "webhook", "alertmanager", "null"},
		"export --statsd-timestamps ":  {"auto", "on", "off"},
		"notify decisions --resolver ": {"ORACLE", "JUDGE", "HUMAN"},
	} {
		r := dos(t, nil, append([]string{"__complete"}, strings.Split(words, " ")...)...)
		for _, w := range want {
			if r.code != 0 || !strings.Contains(r.stdout, w+"\n") {
				t.Errorf("%q: exit %d, offers %q, want %s", words, r.code, r.stdout, w)
			}
		}
	}
}

// TestExport_NamedJournalThatDoesNotExistExitsTwo: `export --journal
// /typo` said "nothing to export" with exit 0, so a cron job never learnt
// it exported nothing; --follow still waits for the journal to appear.
func TestExport_NamedJournalThatDoesNotExistExitsTwo(t *testing.T) {
	dir := t.TempDir() + "/typo"
	for _, env := range []map[string]string{nil, {"DOS_JOURNAL": dir}} {
		args := []string{"export", "--to", "null"}
		if env == nil {
			args = append([]string{"--journal", dir}, args...)
		}
		r := dos(t, env, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "no journal at "+dir) {
			t.Errorf("%v %v: exit %d %q %q", env, args, r.code, r.stdout, r.stderr)
		}
	}
	ws := t.TempDir() // the default location, not there yet: nothing to export, exit 0
	if r := dos(t, map[string]string{"DOS_WORKSPACE": ws}, "export", "--to", "null"); r.code != 0 || !strings.Contains(r.stdout+r.stderr, "nothing to export") {
		t.Errorf("default location: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
}
