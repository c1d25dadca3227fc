package pipes

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/notifiers/webhook"
)

// standardVerify is an implementation of the Standard Webhooks v1.0.0
// symmetric scheme written from the specification's text, sharing no code
// with dos: the signed content is "{msg_id}.{timestamp}.{payload}", the
// key is the base64-decoded part of a "whsec_" secret, the signature is
// "v1," + base64(HMAC-SHA256) and webhook-signature is a space-delimited
// list of them.
func standardVerify(secret string, h http.Header, body []byte, now time.Time) error {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return errors.New("missing webhook-id, webhook-timestamp or webhook-signature")
	}
	sent, err := time.Parse(time.RFC3339, "1970-01-01T00:00:00Z")
	if err != nil {
		return err
	}
	var secs int64
	if err := json.Unmarshal([]byte(ts), &secs); err != nil {
		return errors.New("webhook-timestamp is not an integer")
	}
	if d := now.Sub(sent.Add(time.Duration(secs) * time.Second)); d > 5*time.Minute || d < -5*time.Minute {
		return errors.New("webhook-timestamp outside 5 minutes")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(body)))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, s := range strings.Split(sigs, " ") {
		version, sig, _ := strings.Cut(s, ",")
		if version == "v1" && hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return errors.New("no v1 signature matches")
}

// stdHook records every request and answers the first `refuse` with 400.
type stdHook struct {
	mu       sync.Mutex
	srv      *httptest.Server
	refuse   int
	headers  []http.Header
	bodies   [][]byte
	statuses []int
}

func newStdHook(t *testing.T, refuse int) *stdHook {
	h := &stdHook{refuse: refuse}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.headers, h.bodies = append(h.headers, r.Header.Clone()), append(h.bodies, body)
		if len(h.headers) <= h.refuse {
			h.statuses = append(h.statuses, 400)
			http.Error(w, "try again later", http.StatusBadRequest)
			return
		}
		h.statuses = append(h.statuses, 204)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func TestNotifyWebhook_AResendInALaterRunCarriesTheSameEventID(t *testing.T) {
	j := fixture(t, "views")
	hook := newStdHook(t, 1) // the first delivery "fails" (its 2xx was lost)
	env := map[string]string{"DOS_WEBHOOK_URL": hook.srv.URL + "/in"}
	later, _ := time.Parse(time.RFC3339, notifyNow)
	for i, now := range []string{notifyNow, later.Add(17 * time.Minute).Format(time.RFC3339)} {
		r := dos(t, env, "notify", "decisions", "--notifier", "webhook", "--journal", j, "--now", now)
		if want := []int{1, 0}[i]; r.code != want {
			t.Fatalf("run %d: exit %d, want %d\n%s%s", i+1, r.code, want, r.stdout, r.stderr)
		}
	}
	hook.mu.Lock() // the handler's goroutine wrote them
	defer hook.mu.Unlock()
	if len(hook.bodies) != 2 {
		t.Fatalf("%d requests, want 2", len(hook.bodies))
	}
	var ids []string
	for _, b := range hook.bodies {
		var p webhook.Payload
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.EventID)
	}
	if ids[0] != ids[1] {
		t.Fatalf("the resend carries event_id %s, the first delivery %s: a receiver deduplicating on event_id takes it twice", ids[1], ids[0])
	}
	for i, h := range hook.headers {
		if h.Get("X-Dos-Event-Id") != ids[i] || h.Get("webhook-id") != ids[i] {
			t.Fatalf("request %d: headers name %q / %q, body %q", i+1, h.Get("X-Dos-Event-Id"), h.Get("webhook-id"), ids[i])
		}
	}
}

func TestNotifyWebhook_StandardWebhooksSignaturesVerifyWithAnIndependentImplementation(t *testing.T) {
	j := fixture(t, "views")
	hook := newStdHook(t, 0)
	newKey := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	oldKey := base64.StdEncoding.EncodeToString([]byte("the previous secret, 32 bytes..."))
	secret := "whsec_" + newKey + " whsec_" + oldKey // rotation: newest first
	env := map[string]string{"DOS_WEBHOOK_URL": hook.srv.URL + "/in", "DOS_WEBHOOK_SECRET": secret}
	r := dos(t, env, "notify", "decisions", "--notifier", "webhook", "--journal", j, "--now", notifyNow)
	hook.mu.Lock()
	n := len(hook.bodies)
	var h http.Header
	var body []byte
	if n == 1 {
		h, body = hook.headers[0], hook.bodies[0]
	}
	hook.mu.Unlock()
	if r.code != 0 || n != 1 {
		t.Fatalf("exit %d, %d requests\n%s%s", r.code, n, r.stdout, r.stderr)
	}
	now, _ := time.Parse(time.RFC3339, notifyNow)
	for _, s := range []string{"whsec_" + newKey, "whsec_" + oldKey} {
		if err := standardVerify(s, h, body, now); err != nil {
			t.Errorf("a receiver holding %.12s… rejects it: %v (webhook-signature %q)", s, err, h.Get("webhook-signature"))
		}
	}
	if err := standardVerify("whsec_"+base64.StdEncoding.EncodeToString([]byte("not a key dos was given")), h, body, now); err == nil {
		t.Error("a receiver with another key accepted it")
	}
	if n := len(strings.Fields(h.Get("webhook-signature"))); n != 2 {
		t.Errorf("webhook-signature has %d signatures, want one per secret", n)
	}
	// dos's own scheme still holds beside it, keyed with the newest secret
	if err := webhook.Verify([]byte("whsec_"+newKey), h.Get(webhook.HeaderTimestamp), h.Get(webhook.HeaderSignature), body, now, 0); err != nil {
		t.Errorf("X-Dos-Signature: %v", err)
	}
	if err := webhook.VerifyStandard([]byte("0123456789abcdef0123456789abcdef"), h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature"), body, now, 0); err != nil {
		t.Errorf("webhook.VerifyStandard: %v", err)
	}
	for _, leak := range []string{newKey, oldKey} {
		if strings.Contains(r.stdout+r.stderr, leak) {
			t.Fatalf("output leaks a secret")
		}
	}
	if r := dos(t, map[string]string{"DOS_WEBHOOK_URL": hook.srv.URL, "DOS_WEBHOOK_SECRET": "whsec_not*base64"}, "notify", "decisions", "--notifier", "webhook", "--journal", j); r.code != 2 ||
		!strings.Contains(r.stderr, "base64") || strings.Contains(r.stderr, "not*base64") {
		t.Fatalf("a bad whsec_ secret: exit %d %s", r.code, r.stderr)
	}
}
