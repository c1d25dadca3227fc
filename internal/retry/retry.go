// Package retry is the one retry loop of dos's pipes: jittered exponential
// backoff, a deadline, the peer's Retry-After (seconds or an HTTP date)
// and the split between transient and permanent failures. Exporters and
// notifiers both call it, so a 429 means the same wait everywhere.
//
// It is ours rather than github.com/cenkalti/backoff/v5 (already in the
// module graph through otlploghttp) for three guarantees that library does
// not give: the clock and the timer are injected, so tests of a ten-retry
// give-up run in microseconds and assert exact waits; a wait that would
// end past the deadline is refused before it starts, not discovered after;
// and Retry-After as an HTTP date is honoured (backoff's RetryAfter takes
// whole seconds only).
package retry

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Policy bounds the retries of one operation. The zero value retries
// forever with 200ms..5s backoff; callers set at least Attempts or
// Deadline.
type Policy struct {
	// Attempts is how many tries at most; 0 is no limit but the deadline.
	Attempts int
	// Initial and Max shape the backoff: after failed attempt n, wait a
	// random time in [d/2, d], d = Initial·2^(n-1) capped at Max (defaults
	// 200ms and 5s), and never less than the peer's Retry-After.
	Initial, Max time.Duration
	// MaxWait is the longest Retry-After honoured: a longer one stops at
	// once (the next run retries). 0 is no bound but the deadline.
	MaxWait time.Duration
	// Deadline: a wait that would end after it is not started. Zero is none.
	Deadline time.Time

	// Rand returns a float in [0, 1] (math/rand/v2 when nil).
	Rand func() float64
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Sleep waits d or until ctx ends (a real timer when nil).
	Sleep func(ctx context.Context, d time.Duration) error
	// OnRetry, when set, hears of every retry before its wait.
	OnRetry func(attempt int, wait time.Duration, err error)
}

// Classify says whether err is worth retrying and how long the peer asked
// to wait (0 when it did not say).
type Classify func(err error) (transient bool, retryAfter time.Duration)

// Stop says why Do gave up.
type Stop int

// Why Do stopped.
const (
	Permanent Stop = iota + 1 // the failure is not worth retrying
	Exhausted                 // Attempts were used up
	Deadline                  // the next wait would end past the deadline
	TooLong                   // the peer asked to wait longer than MaxWait
	Canceled                  // ctx ended while waiting
)

// Error is the last attempt's failure and why no more were made.
type Error struct {
	Err      error
	Attempts int
	Stop     Stop
	Wait     time.Duration // the wait that was not taken (Deadline, TooLong)
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Do calls op until it returns nil or Do gives up; op's attempt is 1-based.
// It returns how many attempts were made and, on failure, an *Error. ctx
// cuts the waits only: op decides what its own attempt may be cut by.
func (p Policy) Do(ctx context.Context, classify Classify, op func(attempt int) error) (int, error) {
	p = p.withDefaults()
	for n := 1; ; n++ {
		err := op(n)
		if err == nil {
			return n, nil
		}
		transient, after := classify(err)
		switch {
		case !transient:
			return n, &Error{Err: err, Attempts: n, Stop: Permanent}
		case p.Attempts > 0 && n >= p.Attempts:
			return n, &Error{Err: err, Attempts: n, Stop: Exhausted}
		case p.MaxWait > 0 && after > p.MaxWait:
			return n, &Error{Err: err, Attempts: n, Stop: TooLong, Wait: after}
		}
		wait := p.Delay(n, after)
		if !p.Deadline.IsZero() && p.Now().Add(wait).After(p.Deadline) {
			return n, &Error{Err: err, Attempts: n, Stop: Deadline, Wait: wait}
		}
		if p.OnRetry != nil {
			p.OnRetry(n, wait, err)
		}
		if p.Sleep(ctx, wait) != nil {
			return n, &Error{Err: err, Attempts: n, Stop: Canceled}
		}
	}
}

func (p Policy) withDefaults() Policy {
	if p.Initial <= 0 {
		p.Initial = 200 * time.Millisecond
	}
	if p.Max <= 0 {
		p.Max = 5 * time.Second
	}
	if p.Rand == nil {
		p.Rand = rand.Float64
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Sleep == nil {
		p.Sleep = Sleep
	}
	return p
}

// Delay is how long to wait after failed attempt n (1-based): jittered
// exponential backoff, never less than retryAfter.
func (p Policy) Delay(n int, retryAfter time.Duration) time.Duration {
	p = p.withDefaults()
	d := p.Initial
	for i := 1; i < n && d < p.Max; i++ {
		d *= 2
	}
	d = min(d, p.Max)
	d = d/2 + time.Duration(p.Rand()*float64(d/2))
	return max(d, retryAfter)
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

// maxAfter bounds a Retry-After, so a hostile or broken peer cannot park a
// cron job for a year; a deadline or MaxWait cuts it shorter still.
const maxAfter = 24 * time.Hour

// ParseAfter reads a Retry-After value (RFC 9110 §10.2.3): delay-seconds
// or an HTTP date. Anything else, a negative number or a date in the past
// is 0 (no request from the peer).
func ParseAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return min(time.Duration(min(s, int64(maxAfter/time.Second)))*time.Second, maxAfter)
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxAfter)
	}
	return 0
}

// HeaderAfter is ParseAfter of h's Retry-After.
func HeaderAfter(h http.Header, now time.Time) time.Duration {
	return ParseAfter(h.Get("Retry-After"), now)
}

// Describe says in a few words why e stopped, for a give-up line.
func (e *Error) Describe() string {
	switch e.Stop {
	case TooLong:
		return fmt.Sprintf("the peer asked to wait %s", e.Wait.Round(time.Second))
	case Deadline:
		return "no time left before the deadline"
	case Exhausted:
		return fmt.Sprintf("%d attempts", e.Attempts)
	case Canceled:
		return "interrupted"
	}
	return "permanent failure"
}

// As returns err's *Error, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
