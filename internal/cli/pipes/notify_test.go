package pipes

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/notifiers/webhook"
	"github.com/dos-go/dos/schemas"
	"github.com/slack-go/slack/slacktest"
)

// The pinned clock of the notify tests: three hours after the view
// fixture's records.
const notifyNow = "2026-11-20T12:00:00Z"

// Distinctive secrets: every test greps stdout, stderr and the journal for
// them.
var notifySecrets = map[string]string{
	"SLACK_WEBHOOK_URL":  "https://hooks.slack.com/services/T0CLI/B0CLI/slkHookQ4v8Zr2",
	"SLACK_BOT_TOKEN":    "xoxb-9999-8888-botTokX7m3Kc1",
	"DOS_WEBHOOK_SECRET": "whsecCliN5b2Gt8",
}

// secretParts are fragments that must never appear anywhere.
var secretParts = []string{"slkHookQ4v8Zr2", "botTokX7m3Kc1", "whsecCliN5b2Gt8", "hookPathP0w9Yz", "fileTokA1s2D3", "/services/T0CLI"}

// noSecrets fails if any secret fragment is in s or in any file under dir.
func noSecrets(t *testing.T, where, s, dir string) {
	t.Helper()
	for _, p := range secretParts {
		if strings.Contains(s, p) {
			t.Fatalf("%s leaks %q:\n%s", where, p, s)
		}
	}
	if dir == "" {
		return
	}
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, p := range secretParts {
			if strings.Contains(string(b), p) {
				t.Fatalf("%s leaks %q", path, p)
			}
		}
		return nil
	})
}

// hookReceiver is a webhook endpoint verifying signatures at the pinned clock.
type hookReceiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	fail     int // refuse (400, not retried) this many requests first
	accepted [][]byte
	requests int
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{}
	now, _ := time.Parse(time.RFC3339, notifyNow)
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.requests++
		if h.fail > 0 {
			h.fail--
			http.Error(w, "bad_request", http.StatusBadRequest)
			return
		}
		body, err := webhook.VerifyRequest(r, []byte(notifySecrets["DOS_WEBHOOK_SECRET"]), now, 0)
		if err != nil || r.URL.Path != "/in/hookPathP0w9Yz" {
			http.Error(w, "refused", http.StatusUnauthorized)
			return
		}
		h.accepted = append(h.accepted, body)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookReceiver) count() (requests, accepted int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.requests, len(h.accepted)
}

// notifyEnv is the secrets plus the webhook URL (a credential: its path).
func notifyEnv(url string) map[string]string {
	e := map[string]string{"DOS_WEBHOOK_URL": url + "/in/hookPathP0w9Yz"}
	for k, v := range notifySecrets {
		e[k] = v
	}
	return e
}

// notifyLines are the journal lines of the notify records in dir.
func notifyLines(t *testing.T, dir string) []string {
	t.Helper()
	j, err := journal.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for r, err := range j.Records(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Kind == journal.KindNotify {
			b, _ := json.Marshal(r)
			out = append(out, string(b))
		}
	}
	return out
}

func notifyRecords(t *testing.T, dir string) int { return len(notifyLines(t, dir)) }

func TestNotify_ExitCodes(t *testing.T) {
	j := fixture(t, "views")
	hook := newHookReceiver(t)
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "nope", http.StatusBadRequest) }))
	t.Cleanup(down.Close)
	e := notifyEnv(hook.srv.URL)
	for _, c := range []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stderr string
	}{
		{"--notifier is required", e, []string{"decisions"}, 2, "--notifier is required"},
		{"unknown notifier", e, []string{"decisions", "--notifier", "pager"}, 2, `--notifier "pager": must be one of alertmanager, null, slack, webhook`},
		{"bad repeat interval", e, []string{"decisions", "--notifier", "null", "--repeat-interval", "soon"}, 2, "--repeat-interval"},
		{"bad resolver", e, []string{"decisions", "--notifier", "null", "--resolver", "BOSS"}, 2, "--resolver"},
		{"bad window", e, []string{"decisions", "--notifier", "null", "--window", "0"}, 2, "--window"},
		{"slack without credentials", nil, []string{"decisions", "--notifier", "slack"}, 2, "set $SLACK_WEBHOOK_URL"},
		{"--url with credentials", e, []string{"decisions", "--notifier", "webhook", "--url", "https://h.example/x?token=hookPathP0w9Yz"}, 2, "carries credentials"},
		{"--url is for webhooks", e, []string{"decisions", "--notifier", "slack", "--url", "https://h.example/x"}, 2, "--url is for --notifier webhook"},
		{"missing secret file", e, []string{"decisions", "--notifier", "webhook", "--secret-file", "/nonexistent/s"}, 2, "--secret-file /nonexistent/s"},
		{"a refused send is exit 1", notifyEnv(down.URL), []string{"decisions", "--notifier", "webhook"}, 1, "send failed: webhook "},
		{"delivered is exit 0", e, []string{"decisions", "--notifier", "webhook"}, 0, ""},
		{"nothing new is exit 0", e, []string{"decisions", "--notifier", "webhook"}, 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := dos(t, c.env, append(append([]string{"notify"}, c.args...), "--journal", j, "--now", notifyNow)...)
			if r.code != c.code || !strings.Contains(r.stderr, c.stderr) {
				t.Fatalf("exit %d stderr %q; want %d and %q", r.code, r.stderr, c.code, c.stderr)
			}
			noSecrets(t, "stdout", r.stdout, "")
			noSecrets(t, "stderr", r.stderr, "")
		})
	}
	if _, ok := hook.count(); ok != 1 {
		t.Fatalf("receiver accepted %d payloads, want 1 (the second run had nothing new)", ok)
	}
	noSecrets(t, "journal", "", j)
}

func TestNotify_DeliversOnceThenNothingNew(t *testing.T) {
	j := fixture(t, "views")
	hook := newHookReceiver(t)
	hook.fail = 1 // the first run is refused
	run := func(args ...string) result {
		return dos(t, notifyEnv(hook.srv.URL), append([]string{"notify", "decisions", "--notifier", "webhook", "--journal", j, "--now", notifyNow}, args...)...)
	}
	if r := run(); r.code != 1 || notifyRecords(t, j) != 0 {
		t.Fatalf("failing run: exit %d, %d notify records; %s", r.code, notifyRecords(t, j), r.stderr)
	}
	r := run("--json")
	var res struct {
		Sent              bool
		Shown, New, Quiet int
		Seq               uint64
		Channel           string
		GroupKey          string `json:"group_key"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 {
		t.Fatalf("exit %d: %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if !res.Sent || res.New != 7 || res.Seq == 0 || notifyRecords(t, j) != 1 {
		t.Fatalf("second run: %+v, %d records", res, notifyRecords(t, j))
	}
	if r := run(); r.code != 0 || r.stdout != "webhook:default: nothing new (7 open decisions already sent; next reminder in 4h)\n" {
		t.Fatalf("third run: exit %d %q", r.code, r.stdout)
	}
	if _, ok := hook.count(); ok != 1 {
		t.Fatalf("accepted %d payloads, want 1", ok)
	}
	if err := schemas.Validate(schemas.WebhookPayload, hook.accepted[0]); err != nil {
		t.Fatal(err)
	}
	for _, line := range notifyLines(t, j) {
		if err := schemas.Validate(schemas.JournalRecord, []byte(line)); err != nil {
			t.Fatalf("notify record does not match the record schema: %v\n%s", err, line)
		}
	}
	noSecrets(t, "journal", "", j)
}

func TestNotify_DryRunShowsNoSecret(t *testing.T) {
	j := fixture(t, "views")
	hook := newHookReceiver(t)
	tokFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokFile, []byte("xoxb-1-2-fileTokA1s2D3\n"), 0o600)
	e := notifyEnv(hook.srv.URL)
	for _, c := range []struct {
		name, golden string
		env          map[string]string
		args         []string
	}{
		{"slack incoming webhook", "cli-dry-run-slack-webhook.txt", map[string]string{"SLACK_WEBHOOK_URL": notifySecrets["SLACK_WEBHOOK_URL"]},
			[]string{"decisions", "--notifier", "slack", "--max", "2"}},
		{"slack bot token", "", e, []string{"decisions", "--notifier", "slack", "--channel", "#ops"}},
		{"slack token file", "", nil, []string{"top", "--notifier", "slack", "--channel", "C1", "--token-file", tokFile}},
		{"webhook", "cli-dry-run-webhook.txt", map[string]string{"DOS_WEBHOOK_URL": "https://hooks.example.com/in/hookPathP0w9Yz",
			"DOS_WEBHOOK_SECRET": notifySecrets["DOS_WEBHOOK_SECRET"]}, []string{"decisions", "--notifier", "webhook", "--resolver", "judge"}},
		{"webhook json", "", e, []string{"decisions", "--notifier", "webhook", "--json"}},
		// top's chips are the top view's business: no golden here
		{"null", "", nil, []string{"top", "--notifier", "null"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := dos(t, c.env, append(append([]string{"notify"}, c.args...), "--journal", j, "--now", notifyNow, "--dry-run")...)
			if r.code != 0 || !strings.Contains(r.stdout+r.stderr, "nothing sent, nothing recorded") && !strings.Contains(r.stdout, `"dry_run": true`) {
				t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			noSecrets(t, "stdout", r.stdout, "")
			noSecrets(t, "stderr", r.stderr, "")
			if c.golden != "" {
				// the group key hashes the (temporary) journal path; the
				// event id covers the group key
				out := regexp.MustCompile(`(decisions|top)/[0-9a-f]{12}`).ReplaceAllString(r.stdout, "$1/GROUPKEY")
				out = regexp.MustCompile(`ev-[0-9a-f]{20}`).ReplaceAllString(out, "ev-EVENTID")
				golden(t, filepath.Join("notify", c.golden), out+"--- stderr\n"+r.stderr)
			}
		})
	}
	if req, _ := hook.count(); req != 0 || notifyRecords(t, j) != 0 {
		t.Fatalf("dry runs made %d requests and %d records", req, notifyRecords(t, j))
	}
	noSecrets(t, "journal", "", j)
}

func TestNotify_TopThroughSlacktestWithABotToken(t *testing.T) {
	j := fixture(t, "views")
	srv := slacktest.NewTestServer()
	srv.Start()
	t.Cleanup(srv.Stop)
	e := map[string]string{"SLACK_BOT_TOKEN": notifySecrets["SLACK_BOT_TOKEN"]}
	args := []string{"notify", "top", "--notifier", "slack", "--channel", "C0OPS", "--slack-api-url", srv.GetAPIURL(), "--journal", j, "--now", notifyNow}
	r := dos(t, e, args...)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "slack:C0OPS: top posted (new; 3 runs shown); recorded at seq ") {
		t.Fatalf("exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := dos(t, e, args...); r.code != 0 || !strings.HasPrefix(r.stdout, "slack:C0OPS: nothing new (what is running has not changed") {
		t.Fatalf("second top: exit %d %q", r.code, r.stdout)
	}
	lines := notifyLines(t, j)
	if len(lines) != 1 || !strings.Contains(lines[0], `"syscall":"notify.top"`) || !strings.Contains(lines[0], `"slack_channel":"C0OPS"`) {
		t.Fatalf("notify records: %v", lines)
	}
	noSecrets(t, "output", r.stdout+r.stderr, j)
}
