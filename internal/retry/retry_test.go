package retry

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// fake is a clock that sleeping advances, so waits are exact and instant.
type fake struct {
	now   time.Time
	waits []time.Duration
}

func (f *fake) Now() time.Time { return f.now }
func (f *fake) Sleep(ctx context.Context, d time.Duration) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	f.waits = append(f.waits, d)
	f.now = f.now.Add(d)
	return nil
}

type failure struct {
	transient bool
	after     time.Duration
}

func (f failure) Error() string { return "boom" }

func classify(err error) (bool, time.Duration) {
	var f failure
	if errors.As(err, &f) {
		return f.transient, f.after
	}
	return false, 0
}

func policy(f *fake) Policy {
	return Policy{Initial: 100 * time.Millisecond, Max: time.Second, Rand: func() float64 { return 1 }, Now: f.Now, Sleep: f.Sleep}
}

func TestDelay_JitteredDoublingCappedAndNeverUnderRetryAfter(t *testing.T) {
	for _, c := range []struct {
		n          int
		rnd        float64
		retryAfter time.Duration
		want       time.Duration
	}{
		{1, 0, 0, 50 * time.Millisecond}, {1, 0.999999, 0, 99999950 * time.Nanosecond},
		{3, 0.5, 0, 300 * time.Millisecond}, {20, 0, 0, 500 * time.Millisecond},
		{1, 0, 2 * time.Second, 2 * time.Second},
	} {
		p := Policy{Initial: 100 * time.Millisecond, Max: time.Second, Rand: func() float64 { return c.rnd }}
		if got := p.Delay(c.n, c.retryAfter); got != c.want {
			t.Errorf("Delay(%d, rand %v, retry-after %s) = %s, want %s", c.n, c.rnd, c.retryAfter, got, c.want)
		}
	}
}

func TestParseAfter_SecondsOrAnHTTPDate(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"": 0, "7": 7 * time.Second, " 7 ": 7 * time.Second, "junk": 0, "-3": 0, "0": 0, "1.5": 0,
		"999999999999": 24 * time.Hour,
		t0.Add(90 * time.Second).Format(http.TimeFormat):  90 * time.Second,
		t0.Add(-90 * time.Second).Format(http.TimeFormat): 0,
		t0.Add(72 * time.Hour).Format(http.TimeFormat):    24 * time.Hour,
	} {
		if got := ParseAfter(in, t0); got != want {
			t.Errorf("ParseAfter(%q) = %s, want %s", in, got, want)
		}
	}
	h := http.Header{}
	h.Set("Retry-After", "3")
	if got := HeaderAfter(h, t0); got != 3*time.Second {
		t.Errorf("HeaderAfter = %s", got)
	}
}

func TestDo_StopsForEachReason(t *testing.T) {
	cases := []struct {
		name     string
		tune     func(*Policy)
		fail     failure
		stop     Stop
		attempts int
		waits    []time.Duration
	}{
		{"permanent at once", nil, failure{}, Permanent, 1, nil},
		{"attempts used up", func(p *Policy) { p.Attempts = 3 }, failure{transient: true}, Exhausted, 3,
			[]time.Duration{100 * time.Millisecond, 200 * time.Millisecond}},
		{"the next wait would pass the deadline", func(p *Policy) { p.Deadline = t0.Add(350 * time.Millisecond) }, failure{transient: true}, Deadline, 3,
			[]time.Duration{100 * time.Millisecond, 200 * time.Millisecond}},
		{"retry-after over max-wait", func(p *Policy) { p.MaxWait = time.Second }, failure{transient: true, after: 2 * time.Second}, TooLong, 1, nil},
		{"retry-after honoured", func(p *Policy) { p.Attempts = 2 }, failure{transient: true, after: 3 * time.Second}, Exhausted, 2,
			[]time.Duration{3 * time.Second}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &fake{now: t0}
			p := policy(f)
			if c.tune != nil {
				c.tune(&p)
			}
			retries := 0
			p.OnRetry = func(int, time.Duration, error) { retries++ }
			n, err := p.Do(context.Background(), classify, func(int) error { return c.fail })
			re, ok := As(err)
			if !ok || re.Stop != c.stop || n != c.attempts || re.Attempts != n {
				t.Fatalf("Do = %d, %v (%+v); want stop %d after %d attempts", n, err, re, c.stop, c.attempts)
			}
			if !errors.Is(err, c.fail) {
				t.Errorf("the error does not wrap the last failure")
			}
			if len(f.waits) != len(c.waits) || retries != len(c.waits) {
				t.Fatalf("waits %v (%d retries heard), want %v", f.waits, retries, c.waits)
			}
			for i := range c.waits {
				if f.waits[i] != c.waits[i] {
					t.Fatalf("waits %v, want %v", f.waits, c.waits)
				}
			}
		})
	}
}

func TestDo_SucceedsAfterTransientFailures(t *testing.T) {
	f := &fake{now: t0}
	n, err := policy(f).Do(context.Background(), classify, func(attempt int) error {
		if attempt < 3 {
			return failure{transient: true}
		}
		return nil
	})
	if err != nil || n != 3 || len(f.waits) != 2 {
		t.Fatalf("Do = %d, %v after waits %v", n, err, f.waits)
	}
}

func TestDo_CanceledContextCutsTheWaitNotTheAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &fake{now: t0}
	calls := 0
	n, err := policy(f).Do(ctx, classify, func(int) error {
		calls++
		cancel()
		return failure{transient: true}
	})
	if re, ok := As(err); !ok || re.Stop != Canceled || n != 1 || calls != 1 {
		t.Fatalf("Do = %d, %v; want Canceled after the one attempt", n, err)
	}
}

func TestSleep_ReturnsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep = %v", err)
	}
}
