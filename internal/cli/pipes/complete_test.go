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
		"notify decisions --notifier ": {"slack", "webhook", "null"},
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
