package notifiers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
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
	// Backoff is the first wait after a 5xx or network error, doubled
	// after each (default 1s).
	Backoff time.Duration
	// MaxWait is the longest Retry-After honoured (default 30s): a longer
	// one fails the run at once and the next run retries.
	MaxWait time.Duration
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 4
	}
	if r.Backoff <= 0 {
		r.Backoff = time.Second
	}
	if r.MaxWait <= 0 {
		r.MaxWait = 30 * time.Second
	}
	return r
}

// Sleep waits d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// do calls send until it succeeds, fails permanently, or the attempts or
// the Retry-After bound run out. It returns how many requests were made.
func (r Retry) do(ctx context.Context, sleep func(context.Context, time.Duration) error, send func() error) (int, error) {
	r = r.withDefaults()
	backoff := r.Backoff
	for n := 1; ; n++ {
		err := send()
		if err == nil {
			return n, nil
		}
		var se *SendError
		if !errors.As(err, &se) {
			se = &SendError{Msg: err.Error()}
		}
		se.Attempts = n
		if !se.Transient || n >= r.Attempts || ctx.Err() != nil {
			return n, se
		}
		wait := backoff
		if se.RetryAfter > 0 {
			if se.RetryAfter > r.MaxWait {
				se.Msg += fmt.Sprintf("; asked to wait %s, longer than the %s this run waits", se.RetryAfter, r.MaxWait)
				return n, se
			}
			wait = se.RetryAfter
		} else {
			backoff *= 2
		}
		if err := sleep(ctx, wait); err != nil {
			return n, se
		}
	}
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 1 {
			return time.Second
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// transportError describes a request that got no response, without the
// URL (which may be a credential): "timeout", "connection refused", …
func transportError(op string, err error, red redactor) *SendError {
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
func statusError(op string, code int, snippet string, h http.Header, now time.Time, red redactor) *SendError {
	msg := fmt.Sprintf("%s: HTTP %d %s", op, code, http.StatusText(code))
	if s := clean(snippet, 200); s != "" {
		msg += ": " + s
	}
	return &SendError{Msg: red.String(msg), Code: strconv.Itoa(code),
		Transient:  code == http.StatusTooManyRequests || code >= 500 || code == http.StatusRequestTimeout,
		RetryAfter: retryAfter(h, now)}
}
