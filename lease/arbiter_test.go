package lease

import (
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

// srcDocs is an init'd repository with src/ and docs/: both concurrent and
// in autopick, plus the exclusive "global" lane.
func srcDocs() vocab.Lanes {
	return vocab.Lanes{
		Concurrent: []string{"docs", "src"}, Exclusive: []string{"global"}, Autopick: []string{"src", "docs"},
		Trees:   map[string][]string{"src": {"src/**"}, "docs": {"docs/**"}, "global": {"**/*"}},
		Aliases: map[string]string{"frontend": "src"}, Declared: true,
	}
}

func held(lane string, h vocab.Holder, kind string, tree ...string) vocab.HeldLease {
	return vocab.HeldLease{Lane: lane, Tree: tree, LaneKind: kind, Holder: h, ExpiresAt: at(50)}
}

func TestArbitrate_EveryRule(t *testing.T) {
	hC := vocab.Holder{RunID: "01JD6Z3Y8T0000000000000C01", Host: "build-7", PID: 300}
	otherPID := hA
	otherPID.PID = 101
	otherHost := hA
	otherHost.Host = "build-8"
	srcHeld := []vocab.HeldLease{held("src", hA, vocab.LaneConcurrent, "src/**")}
	both := append(srcHeld, held("docs", hB, vocab.LaneConcurrent, "docs/**"))
	cases := []struct {
		name     string
		req      Request
		lanes    vocab.Lanes
		live     []vocab.HeldLease
		granted  bool
		lane     string
		reason   string
		holding  string
		picked   string
		explains string
	}{
		{"a free concurrent lane", Request{Lane: "src", Holder: hA}, srcDocs(), nil, true, "src", vocab.ReasonFree, "", "", "concurrent lane src is free"},
		{"an alias resolves", Request{Lane: "frontend", Holder: hA}, srcDocs(), nil, true, "src", vocab.ReasonFree, "", "", ""},
		{"disjoint concurrent lanes side by side", Request{Lane: "docs", Holder: hB}, srcDocs(), srcHeld, true, "docs", vocab.ReasonFree, "", "", ""},
		{"held by another run", Request{Lane: "src", Holder: hB}, srcDocs(), srcHeld, false, "src", vocab.ReasonHeld, "src", "", "held by " + hA.String()},
		{"busy + autopick: the quickstart collision", Request{Lane: "src", AutoPick: true, Holder: hB}, srcDocs(), srcHeld, true, "docs", vocab.ReasonAutoPicked, "src", vocab.PickBusy,
			"auto-picked free lane docs (requested src was busy: held by " + hA.String() + ")"},
		{"bare request walks autopick", Request{Holder: hB}, srcDocs(), srcHeld, true, "docs", vocab.ReasonAutoPicked, "", vocab.PickBare, "(no lane asked for)"},
		{"bare request, nothing free", Request{Holder: hC}, srcDocs(), both, false, "", vocab.ReasonNoFreeLane, "", vocab.PickBare, "no autopick lane is free"},
		{"busy + autopick, nothing free", Request{Lane: "src", AutoPick: true, Holder: hC}, srcDocs(), both, false, "src", vocab.ReasonNoFreeLane, "src", vocab.PickBusy, ""},
		{"the same run from another process renews", Request{Lane: "src", Holder: otherPID}, srcDocs(), srcHeld, true, "src", vocab.ReasonRenewedSelf, "src", "", "already this run's"},
		{"the same run on another host is another holder", Request{Lane: "src", Holder: otherHost}, srcDocs(), srcHeld, false, "src", vocab.ReasonHeld, "src", "", ""},
		{"a bare request by a holder renews its own lane", Request{Holder: otherPID}, srcDocs(), srcHeld, true, "src", vocab.ReasonRenewedSelf, "src", vocab.PickBare, ""},
		{"exclusive asked while others are live", Request{Lane: "global", Holder: hB}, srcDocs(), srcHeld, false, "global", vocab.ReasonExclusive, "src", "", "must run alone"},
		{"exclusive alone is admitted", Request{Lane: "global", Holder: hB}, srcDocs(), nil, true, "global", vocab.ReasonFree, "", "", "exclusive lane global is free"},
		{"an exclusive live lane refuses everything", Request{Lane: "docs", Holder: hB}, srcDocs(), []vocab.HeldLease{held("global", hA, vocab.LaneExclusive, "**/*")}, false, "docs", vocab.ReasonExclusive, "global", "", "exclusive lane global is live"},
		{"an exclusive live lane refuses autopick too", Request{Holder: hB}, srcDocs(), []vocab.HeldLease{held("global", hA, vocab.LaneExclusive, "**/*")}, false, "", vocab.ReasonExclusive, "global", "", ""},
		{"its own exclusive lane does not refuse its holder", Request{Lane: "docs", Holder: hA}, srcDocs(), []vocab.HeldLease{held("global", hA, vocab.LaneExclusive, "**/*")}, true, "docs", vocab.ReasonFree, "", "", ""},
		{"undeclared lane refused", Request{Lane: "foo", Holder: hA}, srcDocs(), nil, false, "foo", vocab.ReasonUnknownLane, "", "", "not a lane in this workspace's dos.toml"},
		{"undeclared lane + autopick", Request{Lane: "foo", AutoPick: true, Holder: hA}, srcDocs(), nil, true, "src", vocab.ReasonAutoPicked, "", vocab.PickUnknown, "requested foo is not a lane"},
		{"undeclared lane with explicit paths", Request{Lane: "foo", Tree: PathsTree([]string{"tools/"}), Holder: hB}, srcDocs(), srcHeld, true, "foo", vocab.ReasonFree, "", "", ""},
		{"identical glob refused with the holder", Request{Lane: "foo", Tree: []string{"src/**"}, Holder: hB}, srcDocs(), srcHeld, false, "foo", vocab.ReasonExactGlob, "src", "", "identical glob src/** is claimed by " + hA.String()},
		{"nested tree overlaps", Request{Lane: "v2", Tree: PathsTree([]string{"src/v2/"}), Holder: hB}, srcDocs(), srcHeld, false, "v2", vocab.ReasonPathOverlap, "src", "", "1/1 of its tree overlaps"},
		{"overlap + autopick walks", Request{Lane: "v2", Tree: PathsTree([]string{"src/v2/"}), AutoPick: true, Holder: hB}, srcDocs(), srcHeld, true, "docs", vocab.ReasonAutoPicked, "src", vocab.PickRefused, "collides with a live lease"},
		{"a third shared is soft", Request{Lane: "x", Tree: []string{"src/x/**", "b/**", "c/**"}, Holder: hB}, srcDocs(), srcHeld, true, "x", vocab.ReasonSoftOverlap, "", "", "1/3 of its tree shared"},
		{"half shared is too much", Request{Lane: "x", Tree: []string{"src/x/**", "b/**"}, Holder: hB}, srcDocs(), srcHeld, false, "x", vocab.ReasonPathOverlap, "src", "", ""},
		{"no tree beside a known tree", Request{Lane: "ops", Holder: hB}, vocab.DefaultLanes(), srcHeld, false, "ops", vocab.ReasonUnknownTree, "src", "", "unknown blast radius"},
		{"default taxonomy: an undeclared lane is a named lane", Request{Lane: "ops", Holder: hB}, vocab.DefaultLanes(), []vocab.HeldLease{held("web", hA, vocab.LaneNamed)}, true, "ops", vocab.ReasonFree, "", "", ""},
		{"default taxonomy: bare gets main", Request{Holder: hA}, vocab.DefaultLanes(), nil, true, "main", vocab.ReasonAutoPicked, "", vocab.PickBare, ""},
		{"default taxonomy: main overlaps everything", Request{Holder: hB}, vocab.DefaultLanes(), srcHeld, false, "", vocab.ReasonNoFreeLane, "", vocab.PickBare, ""},
		{"old records: paths as a tree", Request{Lane: "v2", Tree: PathsTree([]string{"api/v2/"}), Holder: hB}, vocab.DefaultLanes(),
			[]vocab.HeldLease{{Lane: "api", Tree: TreeOf(nil, []string{"api/"}), Holder: hA, ExpiresAt: at(50)}}, false, "v2", vocab.ReasonPathOverlap, "api", "", ""},
	}
	for _, c := range cases {
		d := Arbitrate(c.req, c.lanes, c.live)
		got := ""
		if d.Holding != nil {
			got = d.Holding.Lane
		}
		if d.Granted != c.granted || d.Lane != c.lane || d.Reason != c.reason || got != c.holding || d.PickedBecause != c.picked || d.AutoPicked != (c.granted && c.picked != "") {
			t.Errorf("%s: granted=%v lane=%q %s holding %q picked %q; want granted=%v lane=%q %s holding %q picked %q", c.name,
				d.Granted, d.Lane, d.Reason, got, d.PickedBecause, c.granted, c.lane, c.reason, c.holding, c.picked)
		}
		if e := d.Explain(); !strings.Contains(e, c.explains) {
			t.Errorf("%s: explain %q lacks %q", c.name, e, c.explains)
		}
	}
}

func TestArbitrate_FreeLanesNameEveryUnheldLane(t *testing.T) {
	d := Arbitrate(Request{Lane: "src", Holder: hB}, srcDocs(), []vocab.HeldLease{held("src", hA, vocab.LaneConcurrent, "src/**")})
	if strings.Join(d.FreeLanes, ",") != "docs,global" {
		t.Fatalf("free lanes %v", d.FreeLanes)
	}
}

func TestOverlapVerdict_Reference(t *testing.T) {
	cases := []struct {
		req, lease []string
		want       string
	}{
		{[]string{"a/x/**", "b/**", "c/**"}, []string{"a/**"}, OverlapSoft}, // 1/3 is not more than 1/3
		{[]string{"a/**", "b/**"}, []string{"a/**"}, OverlapExact},
		{[]string{"A/**"}, []string{`a\**`}, OverlapExact},    // case and separators fold
		{[]string{"**/*"}, []string{"**/*"}, OverlapTooLarge}, // "" is never an exact glob, but collides
		{[]string{"src/**"}, []string{"docs/**"}, OverlapDisjoint},
		{[]string{"docs/UI-*"}, []string{"docs/SVC-*"}, OverlapDisjoint},
		{[]string{"src*"}, []string{"srcx/**"}, OverlapTooLarge}, // prefixes are strings, as the reference has them
	}
	for _, c := range cases {
		if got := OverlapVerdict(c.req, c.lease, 0); got.Verdict != c.want {
			t.Errorf("OverlapVerdict(%v, %v) = %+v, want %s", c.req, c.lease, got, c.want)
		}
	}
	if got := OverlapVerdict([]string{"a/x/**", "b/**", "c/**"}, []string{"a/**"}, 0.2); got.Verdict != OverlapTooLarge {
		t.Errorf("a lower ratio tightens: %+v", got)
	}
	if Disjoint(nil, []string{"a/**"}) || !Disjoint([]string{"a/**"}, []string{"b/**"}) || Disjoint([]string{"a/**"}, []string{"a/b/**"}) {
		t.Error("Disjoint")
	}
}

func TestPathsTree_DirectoryPrefixes(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"api/", "api/", true},
		{"api", "api/", true},
		{"api/", "api/v2/x.go", true},
		{"api/", "api2/", false},
		{"api/v1/", "api/v2/", false},
		{".", "anything", true},
		{"a/b.go", "a/b.go.orig", false},
	}
	for _, c := range cases {
		if got := !Disjoint(PathsTree([]string{c.a}), PathsTree([]string{c.b})); got != c.want {
			t.Errorf("%q vs %q collide = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if !InTree("a/b.go", PathsTree([]string{"a/b.go"})) || InTree("a/b.go.orig", PathsTree([]string{"a/b.go"})) {
		t.Error("a --paths file covers itself only")
	}
}

func TestBoard_EveryDeclaredLaneFreeOrHeld(t *testing.T) {
	b := Board(srcDocs(), []vocab.HeldLease{held("src", hA, vocab.LaneConcurrent, "src/**"), held("tmp", hB, "", "tmp/**")})
	var got []string
	for _, s := range b {
		got = append(got, s.Lane+":"+s.Kind+":"+s.State)
	}
	want := "docs:concurrent:FREE global:exclusive:FREE src:concurrent:HELD tmp:named:HELD"
	if strings.Join(got, " ") != want || b[2].Holder == nil || b[2].Holder.RunID != hA.RunID || b[3].Declared {
		t.Fatalf("board %v", got)
	}
}
