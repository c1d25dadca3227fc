package notifiers

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/dos-go/dos/projections"
	"github.com/slack-go/slack"
)

// DefaultSlackAPIURL is the Slack Web API base.
const DefaultSlackAPIURL = "https://slack.com/api/"

// slackRepost reports whether chat.update failing with code means the
// message is gone or frozen, so a new post should replace it.
func slackRepost(code string) bool {
	switch code {
	case "message_not_found", "cant_update_message", "edit_window_closed":
		return true
	}
	return false
}

// slackTransient reports whether an ok:false error code is worth retrying.
func slackTransient(code string) bool {
	switch code {
	case "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout":
		return true
	}
	return false
}

// slackNotifier posts Block Kit messages through an incoming webhook
// (SLACK_WEBHOOK_URL) or the Web API with a bot token (SLACK_BOT_TOKEN and
// --channel), which can also edit its previous top message in place.
type slackNotifier struct {
	s       Settings
	hook    secret // incoming webhook URL: a credential
	token   secret
	channel string // the Slack channel (bot token)
	label   string
	apiURL  string
	red     redactor
	max     int
}

func newSlack(s Settings) (Notifier, error) {
	n := &slackNotifier{s: s, channel: strings.TrimSpace(s.Channel), label: s.label("slack")}
	var err error
	if n.max, err = s.max(DefaultMax, SlackMaxItems, "slack"); err != nil {
		return nil, err
	}
	hook, err := readSecret(s, s.Files.WebhookURL, "--webhook-url-file", EnvSlackWebhookURL)
	if err != nil {
		return nil, err
	}
	tok, err := readSecret(s, s.Files.Token, "--token-file", EnvSlackBotToken)
	if err != nil {
		return nil, err
	}
	n.red.AddURL(hook.value)
	n.red.AddHeader(tok.value)
	switch {
	case tok.value != "" && n.channel != "":
		n.token = tok
	case hook.value != "":
		u, perr := url.Parse(hook.value)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, configErrorf("slack: the incoming webhook URL from %s is not an http(s) URL", hook.from)
		}
		n.hook = hook
	case tok.value != "":
		return nil, configErrorf("slack: a bot token (%s) needs --channel: the channel id or name to post in", tok.from)
	default:
		return nil, configErrorf("slack: set $%s (an incoming webhook) or $%s with --channel (a bot token), or use --webhook-url-file / --token-file",
			EnvSlackWebhookURL, EnvSlackBotToken)
	}
	n.apiURL = cmp.Or(s.SlackAPIURL, DefaultSlackAPIURL)
	if !strings.HasSuffix(n.apiURL, "/") {
		n.apiURL += "/"
	}
	return n, nil
}

func (n *slackNotifier) Name() string    { return "slack" }
func (n *slackNotifier) Channel() string { return n.label }
func (n *slackNotifier) Max() int        { return n.max }

// Send posts m; with a bot token and m.Edit it edits that message instead,
// posting anew if Slack says the old one cannot be edited.
func (n *slackNotifier) Send(ctx context.Context, m Message) (Receipt, error) {
	blocks, fallback := SlackMessage(m)
	if n.hook.value != "" {
		msg := &slack.WebhookMessage{Text: fallback, Blocks: &slack.Blocks{BlockSet: blocks}, Parse: "none",
			UnfurlLinks: new(false), UnfurlMedia: new(false)}
		attempts, err := n.s.Retry.do(ctx, n.s.sleep(), func() error {
			pt := &peekTransport{base: n.s.Transport}
			c := n.s.httpClient()
			c.Transport = pt
			return n.classify("slack incoming webhook", slack.PostWebhookCustomHTTPContext(ctx, n.hook.value, c, msg), pt)
		})
		return Receipt{Attempts: attempts}, err
	}
	var rc Receipt
	if m.Kind == KindDecisions {
		// a resolution goes in the thread of the message that announced the
		// decision, when that message is known; the rest is posted as one
		threads, rest := threadedResolutions(m.Resolved)
		for _, th := range threads {
			tm := Message{Kind: m.Kind, GroupKey: m.GroupKey, EventID: m.EventID, SentAt: m.SentAt, Resolved: th.resolved,
				Pending: map[projections.Resolver]int{}, Open: m.Open}
			tb, tf := SlackMessage(tm)
			attempts, err := n.s.Retry.do(ctx, n.s.sleep(), func() error {
				api, pt := n.api()
				_, _, err := api.PostMessageContext(ctx, th.channel, slack.MsgOptionText(tf, false), slack.MsgOptionBlocks(tb...),
					slack.MsgOptionTS(th.ts), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
				return n.classify("slack chat.postMessage (thread)", err, pt)
			})
			rc.Attempts += attempts
			if err != nil {
				return rc, err
			}
		}
		if len(threads) > 0 {
			if len(m.Items) == 0 && len(rest) == 0 && m.ResolvedMore == 0 {
				return rc, nil
			}
			m.Resolved = rest
			blocks, fallback = SlackMessage(m)
		}
	}
	opts := []slack.MsgOption{slack.MsgOptionText(fallback, false), slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl()}
	if m.Edit != nil && m.Edit.TS != "" {
		var ch, ts string
		attempts, err := n.s.Retry.do(ctx, n.s.sleep(), func() error {
			api, pt := n.api()
			var err error
			ch, ts, _, err = api.UpdateMessageContext(ctx, m.Edit.Channel, m.Edit.TS, opts...)
			return n.classify("slack chat.update", err, pt)
		})
		rc.Attempts += attempts
		var se *SendError
		switch {
		case err == nil:
			rc.TS, rc.SlackChannel, rc.Edited = cmp.Or(ts, m.Edit.TS), cmp.Or(ch, m.Edit.Channel), true
			return rc, nil
		case !errors.As(err, &se) || !slackRepost(se.Code):
			return rc, err
		}
	}
	var ch, ts string
	attempts, err := n.s.Retry.do(ctx, n.s.sleep(), func() error {
		api, pt := n.api()
		var err error
		ch, ts, err = api.PostMessageContext(ctx, n.channel, opts...)
		return n.classify("slack chat.postMessage", err, pt)
	})
	rc.Attempts += attempts
	if err != nil {
		return rc, err
	}
	rc.TS, rc.SlackChannel = ts, ch
	return rc, nil
}

// thread is the resolutions that go under one earlier message.
type thread struct {
	channel, ts string
	resolved    []Resolved
}

// threadedResolutions groups resolutions by the Slack message that
// announced them (in order of first appearance); rest had none known.
func threadedResolutions(rs []Resolved) (threads []thread, rest []Resolved) {
	at := map[string]int{}
	for _, r := range rs {
		if r.ThreadTS == "" || r.ThreadChannel == "" {
			rest = append(rest, r)
			continue
		}
		k := r.ThreadChannel + "\x00" + r.ThreadTS
		i, ok := at[k]
		if !ok {
			i = len(threads)
			at[k] = i
			threads = append(threads, thread{channel: r.ThreadChannel, ts: r.ThreadTS})
		}
		threads[i].resolved = append(threads[i].resolved, r)
	}
	return threads, rest
}

// api is a Web API client for one attempt: the bot token, the settings'
// timeout, and a transport that keeps the start of an error response.
func (n *slackNotifier) api() (*slack.Client, *peekTransport) {
	pt := &peekTransport{base: n.s.Transport}
	c := n.s.httpClient()
	c.Transport = pt
	return slack.New(n.token.value, slack.OptionHTTPClient(c), slack.OptionAPIURL(n.apiURL)), pt
}

// classify turns what slack-go returned into a *SendError: rate limits and
// 5xx are transient, ok:false carries Slack's error code, and transport
// errors lose their URL (an incoming webhook URL is a credential).
func (n *slackNotifier) classify(op string, err error, pt *peekTransport) error {
	if err == nil {
		return nil
	}
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &rl):
		return &SendError{Msg: op + ": rate limited (HTTP 429)", Code: "429", Transient: true, RetryAfter: rl.RetryAfter}
	case errors.As(err, &sc):
		return statusError(op, sc.Code, pt.snippet, pt.header, n.s.now(), &n.red)
	case errors.As(err, &se):
		msg := fmt.Sprintf("%s: Slack answered ok:false, error %q", op, se.Err)
		if se.Needed != "" {
			msg += fmt.Sprintf(" (needs scope %s)", se.Needed)
		}
		return &SendError{Msg: n.red.String(msg), Code: se.Err, Transient: slackTransient(se.Err)}
	case pt.status == 0:
		return transportError(op, err, &n.red)
	}
	return &SendError{Msg: n.red.String(op + ": " + err.Error())}
}

// Render prints the request Send would make, secrets redacted.
func (n *slackNotifier) Render(w io.Writer, m Message) error {
	blocks, fallback := SlackMessage(m)
	var b bytes.Buffer
	switch {
	case n.hook.value != "":
		fmt.Fprintf(&b, "slack: POST incoming webhook %s   (URL from %s)\n", RedactURL(n.hook.value), n.hook.from)
	case m.Edit != nil && m.Edit.TS != "":
		fmt.Fprintf(&b, "slack: chat.update of message %s in %s   (token from %s; chat.postMessage to %s if it is gone)\n",
			m.Edit.TS, m.Edit.Channel, n.token.from, n.channel)
	default:
		fmt.Fprintf(&b, "slack: chat.postMessage to %s   (token from %s)\n", n.channel, n.token.from)
	}
	body, err := indentJSON(struct {
		Text   string        `json:"text"`
		Blocks []slack.Block `json:"blocks"`
	}{fallback, blocks})
	if err != nil {
		return err
	}
	b.Write(body)
	b.WriteString("\n")
	_, err = io.WriteString(w, n.red.String(b.String()))
	return err
}

// peekTransport remembers the status, headers and first bytes of the
// response to an error, which slack-go does not pass on (incoming webhooks
// answer errors as text: "no_service", "invalid_payload").
type peekTransport struct {
	base    http.RoundTripper
	status  int
	header  http.Header
	snippet string
}

func (p *peekTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	base := p.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	p.status, p.header = resp.StatusCode, resp.Header
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		p.snippet = string(b)
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
	}
	return resp, nil
}
