package notifiers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dos-go/dos/notifiers/webhook"
	"github.com/dos-go/dos/vocab"
)

// Caps of the webhook driver: a machine reads it, so it takes more.
const (
	webhookDefaultMax = 50
	webhookMaxLimit   = MaxRemembered
)

// webhookNotifier POSTs the JSON payload of package webhook, signed when a
// secret is set, retrying 429 and 5xx.
type webhookNotifier struct {
	s       Settings
	url     string // where to POST; a credential when it came from env or file
	display string // url as shown: in full for --url, redacted otherwise
	from    string // --url, DOS_WEBHOOK_URL or --webhook-url-file
	secret  secret
	keys    [][]byte // Standard Webhooks keys, one per secret, newest first
	client  *http.Client
	red     redactor
	channel string
	max     int
}

func newWebhook(s Settings) (Notifier, error) {
	n := &webhookNotifier{s: s, client: s.httpClient(), channel: s.label("webhook")}
	var err error
	if n.max, err = s.max(webhookDefaultMax, webhookMaxLimit, "webhook"); err != nil {
		return nil, err
	}
	if s.URL != "" {
		u, perr := url.Parse(s.URL)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, configErrorf("--url: give an http(s) URL like https://hooks.example.com/dos")
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return nil, configErrorf("--url carries credentials (user info or a query): put it in $%s or --webhook-url-file instead, where it stays out of process lists and logs", EnvWebhookURL)
		}
		n.url, n.display, n.from = s.URL, s.URL, "--url"
	} else {
		sec, err := readSecret(s, s.Files.WebhookURL, "--webhook-url-file", EnvWebhookURL)
		if err != nil {
			return nil, err
		}
		if sec.value == "" {
			return nil, configErrorf("webhook: no URL: pass --url, set $%s or use --webhook-url-file", EnvWebhookURL)
		}
		u, perr := url.Parse(sec.value)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, configErrorf("webhook: the URL from %s is not an http(s) URL", sec.from)
		}
		n.url, n.display, n.from = sec.value, RedactURL(sec.value), sec.from
		n.red.AddURL(sec.value)
	}
	if n.secret, err = readSecret(s, s.Files.Secret, "--secret-file", EnvWebhookSecret); err != nil {
		return nil, err
	}
	n.red.Add(n.secret.value)
	// several secrets, space-separated and newest first, sign side by side
	// while a receiver rotates
	secrets := strings.Fields(n.secret.value)
	for _, sec := range secrets {
		n.red.Add(sec)
		key, err := webhook.StandardKey(sec)
		if err != nil {
			return nil, configErrorf("%s: a whsec_ secret must be base64 after the prefix", n.secret.from)
		}
		n.keys = append(n.keys, key)
	}
	if len(secrets) > 0 {
		n.secret.value = secrets[0]
	}
	return n, nil
}

func (n *webhookNotifier) Name() string    { return "webhook" }
func (n *webhookNotifier) Channel() string { return n.channel }
func (n *webhookNotifier) Max() int        { return n.max }

// Send POSTs the payload; each attempt carries a fresh timestamp and
// signature over the same body, so the event id stays the same.
func (n *webhookNotifier) Send(ctx context.Context, m Message) (Receipt, error) {
	body, err := json.Marshal(WebhookPayload(m))
	if err != nil {
		return Receipt{}, &SendError{Msg: "webhook: encode payload: " + err.Error()}
	}
	attempts, err := n.s.Retry.do(ctx, n.s.sleep(), func() error { return n.post(ctx, m, body) })
	return Receipt{Attempts: attempts}, err
}

func (n *webhookNotifier) post(ctx context.Context, m Message, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
	if err != nil {
		return &SendError{Msg: n.red.String("webhook: " + err.Error())}
	}
	for k, v := range n.headers(m, body, true) {
		req.Header.Set(k, v)
	}
	return postOnce(n.client, req, "webhook "+n.display, n.s.now, &n.red)
}

// headers are the request headers; sign false renders placeholders for
// the timestamp and signature (--dry-run).
func (n *webhookNotifier) headers(m Message, body []byte, sign bool) map[string]string {
	h := map[string]string{
		"Content-Type":        "application/json",
		"User-Agent":          n.s.UserAgent,
		webhook.HeaderEvent:   m.Kind,
		webhook.HeaderEventID: m.EventID,
		// the Standard Webhooks idempotency key, signed or not
		webhook.HeaderWebhookID: m.EventID,
	}
	if n.secret.value == "" {
		return h
	}
	if !sign {
		h[webhook.HeaderTimestamp] = "<unix seconds at send time>"
		h[webhook.HeaderSignature] = "sha256=<HMAC-SHA256 keyed with " + n.secret.from + ", computed at send time>"
		h[webhook.HeaderWebhookTimestamp] = h[webhook.HeaderTimestamp]
		h[webhook.HeaderWebhookSignature] = fmt.Sprintf("v1,<base64 HMAC-SHA256 of id.timestamp.body, one per secret in %s (%d)>", n.secret.from, len(n.keys))
		return h
	}
	ts := n.s.now().Unix()
	h[webhook.HeaderTimestamp] = strconv.FormatInt(ts, 10)
	h[webhook.HeaderSignature] = webhook.Sign([]byte(n.secret.value), ts, body)
	h[webhook.HeaderWebhookTimestamp] = h[webhook.HeaderTimestamp]
	sigs := make([]string, len(n.keys))
	for i, k := range n.keys {
		sigs[i] = webhook.SignStandard(k, m.EventID, ts, body)
	}
	h[webhook.HeaderWebhookSignature] = strings.Join(sigs, " ")
	return h
}

// Render prints the request that Send would make: method, redacted URL,
// headers with the signature described rather than computed, and the body.
func (n *webhookNotifier) Render(w io.Writer, m Message) error {
	body, err := indentJSON(WebhookPayload(m))
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "POST %s   (URL from %s)\n", n.display, n.from)
	h := n.headers(m, body, false)
	for _, k := range []string{"Content-Type", "User-Agent", webhook.HeaderEvent, webhook.HeaderEventID, webhook.HeaderTimestamp, webhook.HeaderSignature,
		webhook.HeaderWebhookID, webhook.HeaderWebhookTimestamp, webhook.HeaderWebhookSignature} {
		if v, ok := h[k]; ok {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("\n")
	b.Write(body)
	b.WriteString("\n")
	_, err = io.WriteString(w, n.red.String(b.String()))
	return err
}

// WebhookPayload maps a message to the webhook wire payload. Pure.
func WebhookPayload(m Message) webhook.Payload {
	p := webhook.Payload{Version: webhook.Version, Kind: m.Kind, EventID: m.EventID, GroupKey: m.GroupKey,
		SentAt: m.SentAt.UTC(), Decisions: []webhook.Decision{}, Truncated: m.More, Resolved: []webhook.Resolved{},
		Open: map[string]int{}}
	for r, c := range m.Open {
		p.Open[string(r)] = c
	}
	for _, it := range m.Items {
		p.Decisions = append(p.Decisions, webhook.Decision{ID: it.ID, Revision: it.Revision, Change: it.Change, Kind: it.Kind,
			Resolver: string(it.Resolver), Urgency: string(it.Urgency), Title: it.Title, Reason: it.Reason, RunID: it.RunID,
			Lane: it.Lane, AgeSeconds: it.AgeSeconds, Command: it.Command})
	}
	for _, r := range m.Resolved {
		p.Resolved = append(p.Resolved, webhook.Resolved{ID: r.ID, Kind: r.Kind, RunID: r.RunID})
	}
	if m.Top != nil {
		p.Top = webhookTop(m.Top)
	}
	return p
}

func webhookTop(d *TopDigest) *webhook.Top {
	t := &webhook.Top{Runs: []webhook.Run{}, RunsMore: d.RunsMore, Lanes: []webhook.Lane{}, LanesMore: d.LanesMore,
		Counts: webhook.Counts{RunsOpen: d.Counts.RunsOpen, Advancing: d.Counts.Advancing, Spinning: d.Counts.Spinning,
			Stalled: d.Counts.Stalled, Unknown: d.Counts.Unknown, LanesHeld: d.Counts.LanesHeld}}
	for _, r := range d.Runs {
		t.Runs = append(t.Runs, webhook.Run{RunID: r.RunID, Name: r.Name, Host: r.Host, Liveness: r.Liveness, Class: string(vocab.ClassOf(r.Liveness)),
			Started: r.Started.UTC(), LastSeen: r.LastSeen.UTC(), Records: r.Records, Lanes: nonNil(r.Lanes)})
	}
	for _, l := range d.Lanes {
		t.Lanes = append(t.Lanes, webhook.Lane{Lane: l.Lane, RunID: l.RunID, Paths: nonNil(l.Paths),
			ExpiresInSeconds: l.ExpiresInSeconds, Liveness: l.Liveness, Class: string(vocab.ClassOf(l.Liveness))})
	}
	return t
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
