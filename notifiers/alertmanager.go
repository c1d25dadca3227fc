package notifiers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// EnvAlertmanagerURL is where the alertmanager driver posts when --url is
// not given.
const EnvAlertmanagerURL = "DOS_ALERTMANAGER_URL"

// AlertName is the alertname label of every alert dos posts.
const AlertName = "DosDecision"

// alertmanagerNotifier posts each decision as one Prometheus Alertmanager
// alert (POST /api/v2/alerts), so its routing, silences, inhibition and
// receivers (PagerDuty, Opsgenie, email) apply; a resolved decision is the
// same alert with endsAt set.
type alertmanagerNotifier struct {
	s       Settings
	url     string // …/api/v2/alerts
	display string
	client  *http.Client
	red     redactor
	channel string
	ttl     time.Duration
}

// Alert is one postable Alertmanager alert (API v2).
type Alert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL,omitempty"`
}

func newAlertmanager(s Settings) (Notifier, error) {
	n := &alertmanagerNotifier{s: s, client: s.httpClient(), channel: s.label("alertmanager")}
	raw, from := s.URL, "--url"
	if raw == "" {
		sec, err := readSecret(s, s.Files.WebhookURL, "--webhook-url-file", EnvAlertmanagerURL)
		if err != nil {
			return nil, err
		}
		raw, from = sec.value, sec.from
		n.red.AddURL(raw)
	}
	if raw == "" {
		return nil, configErrorf("alertmanager: no URL: pass --url http://alertmanager:9093 or set $%s", EnvAlertmanagerURL)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, configErrorf("alertmanager: the URL from %s is not an http(s) URL like http://127.0.0.1:9093", from)
	}
	if from == "--url" && (u.User != nil || u.RawQuery != "") {
		return nil, configErrorf("--url carries credentials (user info or a query): put it in $%s or --webhook-url-file instead", EnvAlertmanagerURL)
	}
	n.display = u.Scheme + "://" + u.Host
	u.Path = strings.TrimSuffix(u.Path, "/") + "/api/v2/alerts"
	n.url = u.String()
	// An alert without a fresh post resolves itself at endsAt. dos posts an
	// open decision again only every repeat interval, so it holds the alert
	// for two of them.
	n.ttl = 2 * s.repeat()
	return n, nil
}

func (n *alertmanagerNotifier) Name() string    { return "alertmanager" }
func (n *alertmanagerNotifier) Channel() string { return n.channel }

// Max is every decision: each one is its own alert, none is only counted.
func (n *alertmanagerNotifier) Max() int { return MaxRemembered }

// Alerts maps a message to Alertmanager alerts: one firing alert per
// decision (ending after ttl unless posted again), one with endsAt = the
// message's time per resolved decision. Labels identify the decision and
// route it; annotations carry its text. Pure.
func Alerts(m Message, ttl time.Duration) []Alert {
	at := m.SentAt.UTC()
	out := make([]Alert, 0, len(m.Items)+len(m.Resolved))
	for _, it := range m.Items {
		out = append(out, Alert{
			Labels: alertLabels(it.ID, it.Kind, string(it.Resolver), string(it.Urgency), it.Lane, it.RunID),
			Annotations: map[string]string{"title": clean(it.Title, maxTitle), "reason": clean(it.Reason, maxReason),
				"command": clean(it.Command, maxCmd), "change": it.Change},
			StartsAt: it.Created.UTC(), EndsAt: at.Add(ttl),
		})
	}
	for _, r := range m.Resolved {
		out = append(out, Alert{Labels: alertLabels(r.ID, r.Kind, r.Resolver, r.Urgency, r.Lane, r.RunID),
			Annotations: map[string]string{}, EndsAt: at})
	}
	return out
}

// alertLabels are the labels of a decision's alert: the same when it is
// announced and when it is resolved, so Alertmanager sees one alert.
func alertLabels(id, kind, resolver, urgency, lane, run string) map[string]string {
	l := map[string]string{"alertname": AlertName, "decision_id": clean(id, maxToken), "kind": clean(kind, maxToken),
		"resolver": clean(resolver, maxToken), "urgency": clean(urgency, maxToken)}
	if lane != "" {
		l["lane"] = clean(lane, maxToken)
	}
	if run != "" {
		l["run_id"] = clean(run, maxToken)
	}
	return l
}

// Send posts every alert of m in one request.
func (n *alertmanagerNotifier) Send(ctx context.Context, m Message) (Receipt, error) {
	if m.Kind != KindDecisions {
		return Receipt{}, &SendError{Msg: "alertmanager takes decisions only: use notify decisions"}
	}
	body, err := json.Marshal(Alerts(m, n.ttl))
	if err != nil {
		return Receipt{}, &SendError{Msg: "alertmanager: encode alerts: " + err.Error()}
	}
	attempts, err := n.s.Retry.do(ctx, n.s.sleep(), func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
		if err != nil {
			return &SendError{Msg: n.red.String("alertmanager: " + err.Error())}
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", n.s.UserAgent)
		return postOnce(n.client, req, "alertmanager "+n.display, n.s.now, &n.red)
	})
	return Receipt{Attempts: attempts}, err
}

// Render prints the request Send would make.
func (n *alertmanagerNotifier) Render(w io.Writer, m Message) error {
	body, err := indentJSON(Alerts(m, n.ttl))
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "POST %s/api/v2/alerts\nContent-Type: application/json\n\n", n.display)
	b.Write(body)
	b.WriteString("\n")
	_, err = io.WriteString(w, n.red.String(b.String()))
	return err
}
