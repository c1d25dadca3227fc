package notifiers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
)

// Distinctive Slack secrets: tests grep outputs for them.
const (
	slackHookPath = "/services/T0DOS/B0DOS/hkZ7Qm2Rw9Lp"
	slackToken    = "xoxb-1111-2222-tkQ9Vn3Jd7Rs"
)

// posts records the request bodies a handler saw.
type posts struct {
	mu     sync.Mutex
	bodies [][]byte
	paths  []string
}

func (p *posts) add(r *http.Request) []byte {
	b, _ := io.ReadAll(r.Body)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bodies = append(p.bodies, b)
	p.paths = append(p.paths, r.URL.Path)
	return b
}

func (p *posts) all() ([][]byte, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([][]byte(nil), p.bodies...), append([]string(nil), p.paths...)
}

// recorder is a transport that keeps every request body it carries.
type recorder struct{ posts }

func (rt *recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	b := rt.add(r)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return http.DefaultTransport.RoundTrip(r)
}

func slackWith(t *testing.T, s Settings) Notifier {
	t.Helper()
	n, err := newSlack(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSlack_IncomingWebhookThroughSlacktestPostsInertText(t *testing.T) {
	var got posts
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle(slackHookPath, func(w http.ResponseWriter, r *http.Request) {
			got.add(r)
			io.WriteString(w, "ok")
		})
	})
	srv.Start()
	t.Cleanup(srv.Stop)
	n := slackWith(t, Settings{Getenv: env(map[string]string{EnvSlackWebhookURL: strings.TrimSuffix(srv.GetAPIURL(), "/") + slackHookPath})})
	rc, err := n.Send(context.Background(), injection())
	if err != nil || rc.Attempts != 1 {
		t.Fatalf("Send = %+v, %v", rc, err)
	}
	bodies, _ := got.all()
	if len(bodies) != 1 {
		t.Fatalf("%d posts, want 1", len(bodies))
	}
	body := bodies[0]
	// The JSON on the wire writes < > & as \u003c \u003e \u0026; Slack
	// decodes them, so a raw "<" in any string would be \u003c.
	for _, bad := range []string{`\u003c!channel`, `\u003c@U123`, `\u003chttps://evil`, `\u003c!everyone`, "<!channel>"} {
		if bytes.Contains(body, []byte(bad)) {
			t.Errorf("posted bytes contain %s", bad)
		}
	}
	for _, inert := range []string{`\u0026lt;!channel\u0026gt;`, `\u0026lt;@U123\u0026gt;`, `\u0026lt;https://evil|click\u0026gt;`, `\u0026amp;amp;`} {
		if !bytes.Contains(body, []byte(inert)) {
			t.Errorf("posted bytes lack %s", inert)
		}
	}
	golden(t, "slack-webhook-posted.json", string(body)+"\n")
}

func TestSlack_BotTokenThroughSlacktest(t *testing.T) {
	srv := slacktest.NewTestServer()
	srv.Start()
	t.Cleanup(srv.Stop)
	rec := &recorder{}
	n := slackWith(t, Settings{Getenv: env(map[string]string{EnvSlackBotToken: slackToken}), Channel: "C0DOS",
		SlackAPIURL: srv.GetAPIURL(), Transport: rec})
	rc, err := n.Send(context.Background(), injection())
	if err != nil || rc.TS == "" || rc.SlackChannel != "C0DOS" || rc.Edited {
		t.Fatalf("Send = %+v, %v", rc, err)
	}
	bodies, paths := rec.all()
	if len(bodies) != 1 || paths[0] != "/chat.postMessage" {
		t.Fatalf("requests %v", paths)
	}
	form, err := url.ParseQuery(string(bodies[0]))
	if err != nil {
		t.Fatal(err)
	}
	if form.Get("channel") != "C0DOS" || form.Get("unfurl_links") != "false" || form.Get("link_names") != "" {
		t.Fatalf("form: %v", form)
	}
	for _, field := range []string{"text", "blocks"} {
		v := form.Get(field)
		if strings.Contains(v, "<!channel>") || strings.Contains(v, `\u003c!channel`) || !strings.Contains(v, "lt;!channel") {
			t.Errorf("%s is not escaped: %s", field, v)
		}
	}
}

// slackAPI speaks the Slack Web API's shape for what slacktest lacks:
// chat.update, rate limits and ok:false. Each handler answers from its
// queue of canned responses, then from its default.
type slackAPI struct {
	srv   *httptest.Server
	mu    sync.Mutex
	queue map[string][]func(w http.ResponseWriter)
	forms []url.Values
	paths []string
	ts    int
}

func newSlackAPI(t *testing.T) *slackAPI {
	a := &slackAPI{queue: map[string][]func(http.ResponseWriter){}}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		a.mu.Lock()
		defer a.mu.Unlock()
		a.forms, a.paths = append(a.forms, form), append(a.paths, r.URL.Path)
		if q := a.queue[r.URL.Path]; len(q) > 0 {
			a.queue[r.URL.Path] = q[1:]
			q[0](w)
			return
		}
		ts := form.Get("ts")
		if ts == "" {
			a.ts++
			ts = fmt.Sprintf("1700000000.%06d", a.ts)
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": "C0DOS", "ts": ts})
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *slackAPI) then(path string, f func(w http.ResponseWriter)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.queue[path] = append(a.queue[path], f)
}

func (a *slackAPI) calls() ([]string, []url.Values) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.paths...), append([]url.Values(nil), a.forms...)
}

func rateLimited(after string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", after)
		w.WriteHeader(http.StatusTooManyRequests)
	}
}

func notOK(code string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { fmt.Fprintf(w, `{"ok":false,"error":%q}`, code) }
}

func (a *slackAPI) bot(t *testing.T, z *sleeps) Notifier {
	return slackWith(t, Settings{Getenv: env(map[string]string{EnvSlackBotToken: slackToken}), Channel: "#ops",
		SlackAPIURL: a.srv.URL, Sleep: z.sleep, Now: func() time.Time { return t0 }})
}

func TestSlack_429ThenOKWaitsRetryAfter(t *testing.T) {
	a := newSlackAPI(t)
	a.then("/chat.postMessage", rateLimited("3"))
	z := &sleeps{}
	rc, err := a.bot(t, z).Send(context.Background(), sampleMessage())
	if err != nil || rc.Attempts != 2 || rc.TS == "" {
		t.Fatalf("Send = %+v, %v; want success on the second attempt", rc, err)
	}
	if got := z.got(); len(got) != 1 || got[0] != 3*time.Second {
		t.Fatalf("waited %v, want the 3s Retry-After", got)
	}
}

func TestSlack_RetryAfterBeyondTheBoundFailsAtOnce(t *testing.T) {
	a := newSlackAPI(t)
	a.then("/chat.postMessage", rateLimited("120"))
	z := &sleeps{}
	_, err := a.bot(t, z).Send(context.Background(), sampleMessage())
	var se *SendError
	if !errors.As(err, &se) || !se.Transient || len(z.got()) != 0 || !strings.Contains(err.Error(), "asked to wait 2m0s") {
		t.Fatalf("Send = %v (waits %v); want a failure without waiting", err, z.got())
	}
}

func TestSlack_OKFalseIsAFailureWithItsCode(t *testing.T) {
	for _, c := range []struct {
		code      string
		transient bool
		attempts  int
	}{
		{"channel_not_found", false, 1},
		{"invalid_auth", false, 1},
		{"internal_error", true, 4},
	} {
		t.Run(c.code, func(t *testing.T) {
			a := newSlackAPI(t)
			for range 4 {
				a.then("/chat.postMessage", notOK(c.code))
			}
			rc, err := a.bot(t, &sleeps{}).Send(context.Background(), sampleMessage())
			var se *SendError
			if !errors.As(err, &se) || se.Code != c.code || se.Transient != c.transient || rc.Attempts != c.attempts {
				t.Fatalf("Send = %+v, %v", rc, err)
			}
			if !strings.Contains(err.Error(), c.code) || strings.Contains(err.Error(), slackToken) {
				t.Fatalf("error %q: want the code, never the token", err)
			}
		})
	}
}

func TestSlack_IncomingWebhookErrorsShowSlacksAnswerNotTheURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no_service", http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	z := &sleeps{}
	n := slackWith(t, Settings{Getenv: env(map[string]string{EnvSlackWebhookURL: srv.URL + slackHookPath}), Sleep: z.sleep})
	_, err := n.Send(context.Background(), sampleMessage())
	var se *SendError
	if !errors.As(err, &se) || se.Code != "404" || !strings.Contains(err.Error(), "no_service") {
		t.Fatalf("Send = %v; want Slack's no_service", err)
	}
	srv.Close()
	rc, err := n.Send(context.Background(), sampleMessage())
	var down *SendError
	if !errors.As(err, &down) || !down.Transient || rc.Attempts != 4 {
		t.Fatalf("send to a closed server = %+v, %v; want a transient failure after 4 attempts", rc, err)
	}
	for _, e := range []error{se, err} {
		if strings.Contains(e.Error(), "hkZ7Qm2Rw9Lp") || strings.Contains(e.Error(), "/services/") {
			t.Fatalf("error leaks the webhook URL: %v", e)
		}
	}
}

func TestSlack_Configuration(t *testing.T) {
	hook := map[string]string{EnvSlackWebhookURL: "https://hooks.slack.com" + slackHookPath}
	for _, c := range []struct {
		name string
		s    Settings
		want string
	}{
		{"nothing set", Settings{}, "set $SLACK_WEBHOOK_URL"},
		{"bot token needs a channel", Settings{Getenv: env(map[string]string{EnvSlackBotToken: slackToken})}, "needs --channel"},
		{"more than Block Kit fits", Settings{Getenv: env(hook), Max: 21}, "--max 21"},
		{"webhook URL must be http(s), without echoing it", Settings{Getenv: env(map[string]string{EnvSlackWebhookURL: "hkZ7Qm2Rw9Lp"})}, "is not an http(s) URL"},
		{"token file that is empty", Settings{Channel: "C1", Files: SecretFiles{Token: "/dev/null"}}, "--token-file /dev/null: the file is empty"},
		{"webhook", Settings{Getenv: env(hook)}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := newSlack(c.s)
			switch {
			case c.want == "" && err != nil:
				t.Fatal(err)
			case c.want != "" && (err == nil || !IsConfig(err) || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("err = %v, want a config error containing %q", err, c.want)
			case err != nil && (strings.Contains(err.Error(), "hkZ7Qm2Rw9Lp") || strings.Contains(err.Error(), "tkQ9Vn3Jd7Rs")):
				t.Fatalf("error echoes a secret: %v", err)
			}
		})
	}
}

func TestSlack_RenderNamesTheSourceNotTheSecret(t *testing.T) {
	for name, e := range map[string]map[string]string{
		"webhook": {EnvSlackWebhookURL: "https://hooks.slack.com" + slackHookPath},
		"bot":     {EnvSlackBotToken: slackToken},
	} {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			if err := slackWith(t, Settings{Getenv: env(e), Channel: "#ops"}).Render(&b, injection()); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"hkZ7Qm2Rw9Lp", "tkQ9Vn3Jd7Rs", "/services/"} {
				if strings.Contains(b.String(), s) {
					t.Fatalf("rendering leaks %q:\n%s", s, b.String())
				}
			}
		})
	}
}
