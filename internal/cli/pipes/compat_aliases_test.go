package pipes

import (
	"strings"
	"testing"
)

// TestAliases_ExportAndNotify: the reference's export and notify
// spellings (internal/cli/compat_aliases.go) in the binary that runs them.
func TestAliases_ExportAndNotify(t *testing.T) {
	j := fixture(t, "views")
	check := func(args []string, code int, want string) {
		t.Helper()
		r := dos(t, nil, append(args, "--journal", j)...)
		if r.code != code || !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("dos-pipes %s: exit %d, want %d with %q\n%s\n%s", strings.Join(args, " "), r.code, code, want, r.stdout, r.stderr)
		}
	}
	// --host/--port are the statsd target.
	check([]string{"export", "--to", "statsd", "--host", "127.0.0.1", "--port", "9125", "--dry-run", "--cursor", "ref-statsd"}, 0, "dos.verdicts")
	check([]string{"export", "--to", "statsd", "--host", "127.0.0.1", "--addr", "127.0.0.1:1", "--dry-run"}, 2, "not both")
	check([]string{"export", "--to", "null", "--follow-interval", "0.5", "--dry-run"}, 0, "")
	check([]string{"export", "--to", "null", "--follow-interval", "soon", "--dry-run"}, 2, "")
	// notify alone is notify decisions.
	check([]string{"notify", "--notifier", "null", "--dry-run", "--now", notifyNow}, 0, "")
	check([]string{"notify", "--notifier", "null", "--top", "2", "--dry-run", "--now", notifyNow}, 0, "")
	// --token is the Slack bot token, with a warning, and never shown.
	r := dos(t, nil, "notify", "decisions", "--notifier", "slack", "--channel", "#ops", "--token", "xoxb-1-2-cliTokZ9y8X7", "--dry-run", "--now", notifyNow, "--journal", j)
	if r.code != 0 || !strings.Contains(r.stderr, "sees it in ps") || strings.Contains(r.stdout+r.stderr, "cliTokZ9y8X7") {
		t.Fatalf("--token: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
