package projections

import (
	"context"
	"testing"

	"github.com/dos-go/dos/journal"
)

// TestSplitFold_PartsAddUpToOneScan folds the segmented fixtures in up to
// four parts of whole segments and checks counts, seq ranges and bad lines
// equal a single serial scan, for windows starting and ending mid-segment.
func TestSplitFold_PartsAddUpToOneScan(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"views-segmented", "segmented", "views-damaged"} {
		j := openFixture(t, name)
		for _, q := range []journal.Query{{}, {From: 3}, {From: 6, Until: 22}, {Until: 9}} {
			var serialSt ScanStats
			serial := newRollup("verdict")
			if err := Each(j.Scan(ctx, q), &serialSt, func(r *journal.Record) bool { serial.add(r); return true }); err != nil {
				t.Fatal(err)
			}
			for _, n := range []int{2, 3, 4} {
				var st ScanStats
				u, err := splitFold(ctx, j, q, &st, n, 1, func() *rollup { return newRollup("verdict") }, (*rollup).add, (*rollup).merge)
				if err != nil {
					t.Fatal(err)
				}
				got, want := u.finish(), serial.finish()
				if len(got) != len(want) || u.matched != serial.matched || st.Records != serialSt.Records ||
					st.FirstSeq != serialSt.FirstSeq || st.LastSeq != serialSt.LastSeq || st.Corrupt != serialSt.Corrupt {
					t.Fatalf("%s %+v in %d parts: %d rows %+v, serial %d rows %+v", name, q, n, len(got), st, len(want), serialSt)
				}
				for i := range got {
					g, w := got[i], want[i]
					if g.Key != w.Key || g.Count != w.Count || g.FirstSeq != w.FirstSeq || g.LastSeq != w.LastSeq {
						t.Fatalf("%s %+v in %d parts: row %d %+v, serial %+v", name, q, n, i, g, w)
					}
				}
			}
		}
	}
}

func TestSplitRange_WholeSegmentsOnly(t *testing.T) {
	j := openFixture(t, "views-segmented")
	segs, _ := j.Segments()
	starts := map[uint64]bool{}
	for _, s := range segs {
		starts[s.FirstSeq] = true
	}
	parts, err := splitRange(j, journal.Query{From: 2}, 3, 1)
	if err != nil || len(parts) != 3 {
		t.Fatalf("parts %+v err %v", parts, err)
	}
	if parts[0].From != 2 || parts[2].Until != 0 {
		t.Fatalf("ends not kept: %+v", parts)
	}
	for i := 1; i < len(parts); i++ {
		if !starts[parts[i].From] || parts[i-1].Until != parts[i].From-1 {
			t.Fatalf("part %d does not start a segment right after the last: %+v", i, parts)
		}
	}
	if p, _ := splitRange(j, journal.Query{}, 4, 1<<30); p != nil {
		t.Fatalf("a small journal was split: %+v", p)
	}
}
