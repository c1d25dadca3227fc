package pipes

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// echoServer answers every request with status and a body built from the
// request by echo: a receiver that quotes back what it was sent.
func echoServer(t *testing.T, status int, echo func(r *http.Request) string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, echo(r), status)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestNotify_ErrorsNeverCarryAnEchoedPartOfASecret(t *testing.T) {
	for _, c := range []struct {
		name   string
		env    func(url string) map[string]string
		args   []string
		echo   func(r *http.Request) string
		secret []string
	}{
		{"the last path segment of a Slack webhook URL",
			func(u string) map[string]string {
				return map[string]string{"SLACK_WEBHOOK_URL": u + "/services/T0LEAKAAA/B0LEAKBBB/leakSeg9Xq7Wm3Zt"}
			},
			[]string{"--notifier", "slack"},
			func(r *http.Request) string {
				segs := strings.Split(r.URL.Path, "/")
				return "invalid_token: " + segs[len(segs)-1]
			},
			[]string{"leakSeg9Xq7Wm3Zt", "T0LEAKAAA"}},
		{"a percent-decoded query value of a webhook URL",
			func(u string) map[string]string {
				return map[string]string{"DOS_WEBHOOK_URL": u + "/in?token=qTok%2F7vR%3D2k"}
			},
			[]string{"--notifier", "webhook"},
			func(r *http.Request) string { return "bad token " + r.URL.Query().Get("token") },
			[]string{"qTok/7vR=2k", "qTok%2F7vR"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := fixture(t, "views")
			srv := echoServer(t, http.StatusForbidden, c.echo)
			args := append(append([]string{"notify", "decisions"}, c.args...), "--journal", j, "--now", notifyNow)
			for _, extra := range [][]string{nil, {"--json"}} {
				r := dos(t, c.env(srv.URL), append(args, extra...)...)
				if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "403") {
					t.Fatalf("exit %d, want 1 with the 403 shown\n%s%s", r.code, r.stdout, r.stderr)
				}
				for _, s := range c.secret {
					if strings.Contains(r.stdout+r.stderr, s) {
						t.Fatalf("output leaks %q:\n%s%s", s, r.stdout, r.stderr)
					}
				}
			}
		})
	}
}
