package journal

import (
	"context"
	"testing"
)

// A Kinds query yields only records of those kinds — also when a record of
// another kind mentions the kind's name in its detail — in seq order.
func TestScan_KindsKeepsOnlyThoseKinds(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, testOptions())
	defer w.Close()
	ctx := context.Background()
	for i, k := range []string{KindVerdict, KindLease, KindHook, KindLease, KindRun} {
		r := verdict(i)
		r.Kind = k
		r.Detail = MustDetail(map[string]string{"kind": "lease", "note": `"kind":"lease",`})
		if _, err := w.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, errs := readAll(t, dir, Query{Kinds: []string{KindLease}})
	if len(errs) != 0 || len(got) != 2 || got[0].Seq != 2 || got[1].Seq != 4 {
		t.Fatalf("%d records %v", len(got), errs)
	}
	got, _ = readAll(t, dir, Query{Kinds: []string{KindHook, KindRun}, From: 3})
	if len(got) != 2 || got[0].Kind != KindHook || got[1].Kind != KindRun {
		t.Fatalf("%+v", got)
	}
}
