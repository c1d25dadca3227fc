package notifiers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/dos-go/dos/internal/retry"
)

// SendError is a delivery that failed: nothing was recorded, so the next
// run tries again. Its message has been through the driver's redactor.
type SendError struct {
	Msg string
	// Code is Slack's error code ("channel_not_found") or the HTTP status
	// ("503"), when there was one.
	Code       string
	Transient  bool
	RetryAfter time.Duration
	Attempts   int
}

func (e *SendError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("%s (after %d attempts)", e.Msg, e.Attempts)
	}
	return e.Msg
}

// Retry bounds the retries of one delivery. The zero value is the default.
type Retry struct {
	// Attempts is how many requests at most (default 4).
	Attempts int
	// Backoff is the first wait after a 5xx or network error, about doubled
	// (with jitter) after each (default 1s).
	Backoff time.Duration
	// MaxWait is the longest Retry-After honoured (default 30s): a longer
	// one fails the run at once and the next run retries.
	MaxWait time.Duration
	// Rand jitters the waits (tests pin it); math/rand/v2 when nil.
	Rand func() float64
}

// policy is r as the shared retry loop takes it.
func (r Retry) policy(sleep func(context.Context, time.Duration) error) retry.Policy {
	p := retry.Policy{Attempts: cmp.Or(r.Attempts, 4), Initial: cmp.Or(r.Backoff, time.Second), MaxWait: cmp.Or(r.MaxWait, 30*time.Second),
		Rand: r.Rand, Sleep: sleep}
	p.Max = 8 * p.Initial
	return p
}

// Sleep waits d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error { return retry.Sleep(ctx, d) }

// classify reads a SendError's transience for the retry loop; any other
// error is permanent.
func classify(err error) (bool, time.Duration) {
	var se *SendError
	if errors.As(err, &se) {
		return se.Transient, se.RetryAfter
	}
	return false, 0
}

// do calls send until it succeeds, fails permanently, or the attempts or
// the Retry-After bound run out. It returns how many requests were made.
func (r Retry) do(ctx context.Context, sleep func(context.Context, time.Duration) error, send func() error) (int, error) {
	p := r.policy(sleep)
	n, err := p.Do(ctx, classify, func(int) error { return send() })
	if err == nil {
		return n, nil
	}
	re, _ := retry.As(err)
	var se *SendError
	if !errors.As(err, &se) {
		se = &SendError{Msg: err.Error()}
	}
	se.Attempts = n
	if re != nil && re.Stop == retry.TooLong {
		se.Msg += fmt.Sprintf("; asked to wait %s, longer than the %s this run waits", re.Wait, p.MaxWait)
	}
	return n, se
}

// postOnce sends one request and sorts its answer: nil on a 2xx, else
// the SendError the retry loop reads (transient or not, Retry-After).
// The body is drained (up to 1 MiB) so the connection is reused.
func postOnce(client *http.Client, req *http.Request, op string, now func() time.Time, red *redactor) error {
	resp, err := client.Do(req)
	if err != nil {
		return transportError(op, err, red)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	return statusError(op, resp.StatusCode, string(snippet), resp.Header, now(), red)
}

// transportError describes a request that got no response, without the
// URL (which may be a credential): "timeout", "connection refused", …
func transportError(op string, err error, red *redactor) *SendError {
	msg := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		msg = ue.Err.Error()
		if ue.Timeout() {
			msg = "timed out: " + msg
		}
	}
	transient := !errors.Is(err, context.Canceled)
	return &SendError{Msg: red.String(op + ": " + msg), Transient: transient}
}

// statusError classifies a non-2xx response: 429 and 5xx are transient,
// anything else permanent. snippet is the start of the response body.
func statusError(op string, code int, snippet string, h http.Header, now time.Time, red *redactor) *SendError {
	msg := fmt.Sprintf("%s: HTTP %d %s", op, code, http.StatusText(code))
	if s := clean(snippet, 200); s != "" {
		msg += ": " + s
	}
	return &SendError{Msg: red.String(msg), Code: strconv.Itoa(code),
		Transient:  code == http.StatusTooManyRequests || code >= 500 || code == http.StatusRequestTimeout,
		RetryAfter: retry.HeaderAfter(h, now)}
}
