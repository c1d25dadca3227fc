package notifiers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/notifiers/webhook"
	"github.com/dos-go/dos/schemas"
)

// Distinctive secret values: tests grep every output for them.
const (
	hookSecret = "whsec-Zq8Lr4Xv0Np2"
	hookPath   = "/hooks/tok-Hx81Kq0Zl2Vb"
)

// receiver is a webhook endpoint that verifies every request with
// webhook.VerifyRequest and keeps the payloads it accepted. Status codes
// queued in fail are answered (in order) before it accepts again.
type receiver struct {
	srv    *httptest.Server
	secret []byte
	now    func() time.Time

	mu         sync.Mutex
	fail       []int
	retryAfter string
	requests   int
	rejected   int
	bodies     [][]byte
	headers    []http.Header
}

func newReceiver(t *testing.T, secret string, now func() time.Time) *receiver {
	rc := &receiver{secret: []byte(secret), now: now}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.requests++
	if len(rc.fail) > 0 {
		code := rc.fail[0]
		rc.fail = rc.fail[1:]
		if rc.retryAfter != "" {
			w.Header().Set("Retry-After", rc.retryAfter)
		}
		http.Error(w, "try later", code)
		return
	}
	if r.URL.Path != hookPath || r.Header.Get("Content-Type") != "application/json" {
		rc.rejected++
		http.Error(w, "wrong path or type", http.StatusNotFound)
		return
	}
	body, err := webhook.VerifyRequest(r, rc.secret, rc.now(), 0)
	if err != nil {
		rc.rejected++
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	rc.bodies = append(rc.bodies, body)
	rc.headers = append(rc.headers, r.Header.Clone())
	w.WriteHeader(http.StatusNoContent)
}

// payloads decodes what was accepted.
func (rc *receiver) payloads(t *testing.T) []webhook.Payload {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []webhook.Payload
	for _, b := range rc.bodies {
		var p webhook.Payload
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func (rc *receiver) counts() (requests, accepted, rejected int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.requests, len(rc.bodies), rc.rejected
}

// webhookTo builds the webhook driver for rc with the secrets in the env.
func webhookTo(t *testing.T, rc *receiver, now func() time.Time, z *sleeps) Notifier {
	t.Helper()
	n, err := newWebhook(Settings{Getenv: env(map[string]string{EnvWebhookURL: rc.srv.URL + hookPath, EnvWebhookSecret: hookSecret}),
		Now: now, Sleep: z.sleep, UserAgent: "dos/test", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func sampleMessage() Message {
	items := []Item{{Decision: decision("d-000000000001", "HUMAN", "lane api refused to run …B01", "<!channel> please"), Change: ChangeNew}}
	return BuildDecisions(items, nil, nil, DigestOptions{GroupKey: "decisions/0123456789ab", SentAt: t0})
}

func TestWebhook_SignedPayloadVerifiesAndMatchesTheSchema(t *testing.T) {
	now := func() time.Time { return t0 }
	rc := newReceiver(t, hookSecret, now)
	n := webhookTo(t, rc, now, &sleeps{})
	rcpt, err := n.Send(context.Background(), sampleMessage())
	if err != nil || rcpt.Attempts != 1 {
		t.Fatalf("Send = %+v, %v", rcpt, err)
	}
	if req, ok, rej := rc.counts(); req != 1 || ok != 1 || rej != 0 {
		t.Fatalf("receiver saw %d requests, accepted %d, rejected %d", req, ok, rej)
	}
	h := rc.headers[0]
	if h.Get("User-Agent") != "dos/test" || h.Get(webhook.HeaderEvent) != "decisions" || h.Get(webhook.HeaderEventID) == "" {
		t.Fatalf("headers: %v", h)
	}
	if err := schemas.Validate(schemas.WebhookPayload, rc.bodies[0]); err != nil {
		t.Fatalf("payload does not match its schema: %v\n%s", err, rc.bodies[0])
	}
	p := rc.payloads(t)[0]
	if p.Version != 1 || p.Kind != "decisions" || len(p.Decisions) != 1 || p.Decisions[0].Reason != "<!channel> please" {
		t.Fatalf("payload: %+v", p)
	}
}

func TestWebhook_RetriesOn429And5xxHonouringRetryAfter(t *testing.T) {
	now := func() time.Time { return t0 }
	rc := newReceiver(t, hookSecret, now)
	rc.fail, rc.retryAfter = []int{429, 503}, "2"
	z := &sleeps{}
	rcpt, err := webhookTo(t, rc, now, z).Send(context.Background(), sampleMessage())
	if err != nil || rcpt.Attempts != 3 {
		t.Fatalf("Send = %+v, %v; want success on the third attempt", rcpt, err)
	}
	if got := z.got(); len(got) != 2 || got[0] != 2*time.Second || got[1] != 2*time.Second {
		t.Fatalf("waited %v, want Retry-After (2s) twice", got)
	}
	if _, ok, _ := rc.counts(); ok != 1 {
		t.Fatalf("accepted %d deliveries, want 1", ok)
	}
}

func TestWebhook_BackoffDoublesWithoutRetryAfter(t *testing.T) {
	now := func() time.Time { return t0 }
	rc := newReceiver(t, hookSecret, now)
	rc.fail = []int{500, 502, 503, 504}
	z := &sleeps{}
	rcpt, err := webhookTo(t, rc, now, z).Send(context.Background(), sampleMessage())
	var se *SendError
	if !errors.As(err, &se) || !se.Transient || se.Code != "504" || rcpt.Attempts != 4 {
		t.Fatalf("Send = %+v, %v; want a transient failure after 4 attempts", rcpt, err)
	}
	got := z.got()
	if len(got) != 3 {
		t.Fatalf("waited %v, want three waits", got)
	}
	for i, d := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if got[i] < d/2 || got[i] > d {
			t.Fatalf("waited %v, want about 1s 2s 4s (each jittered within [d/2, d])", got)
		}
	}
}

func TestWebhook_4xxIsPermanentAndNamesNoSecret(t *testing.T) {
	now := func() time.Time { return t0 }
	rc := newReceiver(t, "a-different-secret", now) // refuses our signature: 401
	z := &sleeps{}
	rcpt, err := webhookTo(t, rc, now, z).Send(context.Background(), sampleMessage())
	var se *SendError
	if !errors.As(err, &se) || se.Transient || se.Code != "401" || rcpt.Attempts != 1 || len(z.got()) != 0 {
		t.Fatalf("Send = %+v, %v; want one permanent 401", rcpt, err)
	}
	if strings.Contains(err.Error(), hookSecret) || strings.Contains(err.Error(), "tok-Hx81Kq0Zl2Vb") {
		t.Fatalf("error leaks a secret: %v", err)
	}
	if !strings.Contains(err.Error(), "signature does not match") {
		t.Fatalf("error does not show the receiver's answer: %v", err)
	}
}

func TestWebhook_UnreachableURLIsTransientAndRedacted(t *testing.T) {
	now := func() time.Time { return t0 }
	rc := newReceiver(t, hookSecret, now)
	n := webhookTo(t, rc, now, &sleeps{})
	rc.srv.Close()
	_, err := n.Send(context.Background(), sampleMessage())
	var se *SendError
	if !errors.As(err, &se) || !se.Transient {
		t.Fatalf("Send = %v; want a transient failure", err)
	}
	if strings.Contains(err.Error(), "tok-Hx81Kq0Zl2Vb") || strings.Contains(err.Error(), hookPath) {
		t.Fatalf("error leaks the URL: %v", err)
	}
}

func TestWebhook_Configuration(t *testing.T) {
	for _, c := range []struct {
		name string
		s    Settings
		want string // "" = no error
	}{
		{"no URL", Settings{}, "no URL"},
		{"--url with a query carries credentials", Settings{URL: "https://h.example/x?token=abc123secret"}, "carries credentials"},
		{"--url with user info carries credentials", Settings{URL: "https://u:pw-secret@h.example/x"}, "carries credentials"},
		{"--url must be http(s)", Settings{URL: "ftp://h.example/x"}, "http(s) URL"},
		{"env URL must be http(s), without echoing it", Settings{Getenv: env(map[string]string{EnvWebhookURL: "not a url tok-Hx81Kq0Zl2Vb"})}, "from DOS_WEBHOOK_URL is not"},
		{"secret file that does not exist", Settings{URL: "https://h.example/x", Files: SecretFiles{Secret: "/nonexistent/secret"}}, "--secret-file /nonexistent/secret"},
		{"--max above the limit", Settings{URL: "https://h.example/x", Max: 5000}, "--max 5000"},
		{"plain --url is fine", Settings{URL: "https://h.example/x"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := newWebhook(c.s)
			switch {
			case c.want == "" && err != nil:
				t.Fatal(err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !IsConfig(err)):
				t.Fatalf("err = %v, want a config error containing %q", err, c.want)
			case err != nil && (strings.Contains(err.Error(), "abc123secret") || strings.Contains(err.Error(), "pw-secret") || strings.Contains(err.Error(), "tok-Hx81")):
				t.Fatalf("error echoes a credential: %v", err)
			}
		})
	}
}

func TestWebhook_RenderRedactsURLAndSignature(t *testing.T) {
	now := func() time.Time { return t0 }
	rc := newReceiver(t, hookSecret, now)
	var b strings.Builder
	if err := webhookTo(t, rc, now, &sleeps{}).Render(&b, sampleMessage()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{hookSecret, "tok-Hx81Kq0Zl2Vb"} {
		if strings.Contains(out, s) {
			t.Fatalf("rendering leaks %q:\n%s", s, out)
		}
	}
	if req, _, _ := rc.counts(); req != 0 {
		t.Fatalf("Render sent %d requests", req)
	}
	out = strings.Replace(out, strings.TrimPrefix(rc.srv.URL, "http://"), "127.0.0.1:PORT", 1)
	golden(t, "webhook-render.txt", out)
}
