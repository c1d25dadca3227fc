package notifiers

import (
	"cmp"
	"context"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Notifier delivers digests to one channel.
type Notifier interface {
	// Name is the driver: slack, webhook or null.
	Name() string
	// Channel labels the destination in notify records and dedup, e.g.
	// "slack:#ops". It is never a URL, token or secret.
	Channel() string
	// Max is the cap on decisions (or runs) one message shows.
	Max() int
	// Send delivers m and returns once the backend confirmed it. A failure
	// is a *SendError whose message holds no secret.
	Send(ctx context.Context, m Message) (Receipt, error)
	// Render writes what Send would post, secrets redacted (--dry-run).
	Render(w io.Writer, m Message) error
}

// Receipt is the backend's confirmation of one delivery.
type Receipt struct {
	Attempts int
	// TS and SlackChannel name the Slack message (bot token only); Edited
	// says an earlier message was replaced rather than a new one posted.
	TS           string
	SlackChannel string
	Edited       bool
}

// Settings configure a driver. Everything from outside — environment,
// files, clock, sleeping — is injected.
type Settings struct {
	Getenv   func(string) string
	ReadFile func(string) ([]byte, error)
	Now      func() time.Time
	// Sleep waits between retries; default Sleep.
	Sleep func(context.Context, time.Duration) error

	// Channel is --channel: the Slack channel for a bot token, otherwise a
	// label for the destination ("default" when empty).
	Channel string
	// URL is the webhook driver's --url (one without credentials).
	URL   string
	Files SecretFiles
	// SlackAPIURL is the Slack Web API base (default https://slack.com/api/).
	SlackAPIURL string
	// Timeout bounds each HTTP request (default 10s).
	Timeout time.Duration
	Retry   Retry
	// Max is --max (0: the driver's default).
	Max int
	// UserAgent is "dos/<version>".
	UserAgent string
	// Repeat is --repeat-interval (0: DefaultRepeat): how long an
	// Alertmanager alert is held without a fresh post.
	Repeat time.Duration
	// Transport is the HTTP transport (default http.DefaultTransport).
	Transport http.RoundTripper
}

// DefaultTimeout bounds each HTTP request unless --timeout says otherwise.
const DefaultTimeout = 10 * time.Second

func (s Settings) getenv(k string) string {
	if s.Getenv == nil {
		return ""
	}
	return s.Getenv(k)
}

func (s Settings) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s Settings) repeat() time.Duration {
	if s.Repeat <= 0 {
		return DefaultRepeat
	}
	return s.Repeat
}

func (s Settings) sleep() func(context.Context, time.Duration) error {
	if s.Sleep == nil {
		return Sleep
	}
	return s.Sleep
}

// httpClient is a client with a timeout on every request that never
// follows redirects (a POST redirected is a configuration error to show,
// not something to replay elsewhere).
func (s Settings) httpClient() *http.Client {
	t := s.Timeout
	if t <= 0 {
		t = DefaultTimeout
	}
	return &http.Client{Timeout: t, Transport: s.Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (s Settings) label(driver string) string {
	return driver + ":" + cmp.Or(strings.TrimSpace(s.Channel), "default")
}

// max resolves --max against a driver's default and limit.
func (s Settings) max(def, limit int, driver string) (int, error) {
	switch {
	case s.Max == 0:
		return def, nil
	case s.Max < 0 || s.Max > limit:
		return 0, configErrorf("--max %d: %s shows 1 to %d per message", s.Max, driver, limit)
	}
	return s.Max, nil
}

// Factory builds a driver from its settings.
type Factory func(Settings) (Notifier, error)

// Registry maps driver names to factories.
type Registry map[string]Factory

// Drivers is every built-in driver.
func Drivers() Registry {
	return Registry{"slack": newSlack, "webhook": newWebhook, "alertmanager": newAlertmanager, "null": newNull}
}

// Names lists the drivers, sorted.
func (r Registry) Names() []string { return slices.Sorted(maps.Keys(r)) }

// New builds the named driver; an unknown name is a *ConfigError.
func (r Registry) New(name string, s Settings) (Notifier, error) {
	f, ok := r[name]
	if !ok {
		return nil, configErrorf("--notifier %q: must be one of %s", name, strings.Join(r.Names(), ", "))
	}
	return f(s)
}
