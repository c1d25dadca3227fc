package projections

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/fixtures"
	"github.com/dos-go/dos/journal"
)

// openFixture opens a checked-in fixture journal read-only.
func openFixture(t *testing.T, name string) *journal.Journal {
	t.Helper()
	j, err := journal.Open(filepath.Join("..", "testdata", "journals", name))
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestParseBound_SeqTimeAndAge(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want Bound
	}{
		{"", Bound{}},
		{"42", Bound{Seq: 42}},
		{"2026-11-20T09:00:05Z", Bound{Time: fixtures.At(5)}},
		{"2026-11-20T10:00:05+01:00", Bound{Time: fixtures.At(5)}},
		{"2026-11-20T09:00:05", Bound{Time: fixtures.At(5)}},
		{"2026-11-20", Bound{Time: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}},
		{"90m", Bound{Time: now.Add(-90 * time.Minute)}},
		{"7d", Bound{Time: now.Add(-7 * 24 * time.Hour)}},
	}
	for _, c := range cases {
		got, err := ParseBound(c.in, now)
		if err != nil || got.Seq != c.want.Seq || !got.Time.Equal(c.want.Time) {
			t.Errorf("ParseBound(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"yesterday", "-5", "12x", "2026-13-01"} {
		if _, err := ParseBound(bad, now); err == nil {
			t.Errorf("ParseBound(%q) accepted", bad)
		}
	}
}

func TestParseWindow_RefusesBackwardsWindows(t *testing.T) {
	now := fixtures.At(100)
	for _, c := range [][2]string{{"20", "10"}, {"2026-11-20T10:00:00Z", "2026-11-20T09:00:00Z"}, {"1h", "1h"}} {
		if _, err := ParseWindow(c[0], c[1], now); err == nil {
			t.Errorf("ParseWindow(%q, %q) accepted", c[0], c[1])
		}
	}
	if _, err := ParseWindow("5", "5", now); err != nil {
		t.Errorf("a one-seq window was refused: %v", err)
	}
}

// TestWindowQuery_LocatesTimesBySeq checks time bounds become the right
// seqs, on one segment and on many (the view fixtures write one record a
// second, seq n at Epoch+n s).
func TestWindowQuery_LocatesTimesBySeq(t *testing.T) {
	cases := []struct {
		since, until       time.Time
		wantFrom, wantTill uint64
		empty              bool
	}{
		{fixtures.At(10), time.Time{}, 10, 0, false},
		{fixtures.At(10).Add(-time.Millisecond), time.Time{}, 10, 0, false},
		{fixtures.At(10).Add(time.Millisecond), time.Time{}, 11, 0, false},
		{time.Time{}, fixtures.At(14), 0, 13, false}, // until is exclusive
		{fixtures.At(5), fixtures.At(6), 5, 5, false},
		{fixtures.At(1000), time.Time{}, 28, 0, false}, // after everything: nothing to read
		{time.Time{}, fixtures.At(1), 0, 0, true},      // before everything
		{fixtures.Epoch.Add(-time.Hour), time.Time{}, 1, 0, false},
	}
	for _, name := range []string{"views", "views-segmented"} {
		j := openFixture(t, name)
		for _, c := range cases {
			w := Window{Since: Bound{Time: c.since}, Until: Bound{Time: c.until}}
			q, empty, err := w.Query(context.Background(), j)
			if err != nil || empty != c.empty || (!c.empty && (q.From != c.wantFrom || q.Until != c.wantTill)) {
				t.Errorf("%s: %v..%v → %+v empty=%v err=%v; want %d..%d empty=%v", name, c.since, c.until, q, empty, err, c.wantFrom, c.wantTill, c.empty)
			}
		}
	}
}

func TestWindowHolds_TimeUntilIsExclusiveSeqUntilInclusive(t *testing.T) {
	r := &journal.Record{Seq: 7, TS: fixtures.At(7)}
	cases := []struct {
		w    Window
		want bool
	}{
		{Window{}, true},
		{Window{Since: Bound{Seq: 7}, Until: Bound{Seq: 7}}, true},
		{Window{Since: Bound{Seq: 8}}, false},
		{Window{Until: Bound{Seq: 6}}, false},
		{Window{Since: Bound{Time: fixtures.At(7)}}, true},
		{Window{Until: Bound{Time: fixtures.At(7)}}, false},
		{Window{Until: Bound{Time: fixtures.At(8)}}, true},
	}
	for _, c := range cases {
		if got := c.w.Holds(r); got != c.want {
			t.Errorf("%+v holds seq 7: %v, want %v", c.w, got, c.want)
		}
	}
}
