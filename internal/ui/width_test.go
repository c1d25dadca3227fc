package ui

import (
	"strings"
	"testing"
	"text/tabwriter"
)

func TestWidth_CountsColumnsNotBytes(t *testing.T) {
	red := Out{Color: true}.Paint(Red, "NOT_SHIPPED")
	for s, want := range map[string]int{
		"":                       0,
		"SHIPPED":                7,
		red:                      11, // the escape codes take no column
		"\x1b]8;;http://x\x07ln": 2,  // an OSC hyperlink opener, then "ln"
		"日本":                     4,  // wide runes take two
		"ｆｕｌｌ":                   8,  // fullwidth forms too
		"e\u0301":                1,  // a combining accent takes none
		"a\u200bb":               2,  // a zero-width space takes none
		"…":                      1,
		"tab\there":              7, // control characters take none
	} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestFit_CutsByWidthKeepsEscapesAndResets(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a longer subject line", 10, "a longer …"},
		{"日本語のテキスト", 7, "日本語…"},
		{"\x1b[31mNOT_SHIPPED\x1b[0m", 5, "\x1b[31mNOT_…\x1b[0m"},
		{"abc", 0, ""},
	}
	for _, c := range cases {
		got := Fit(c.in, c.n)
		if got != c.want {
			t.Errorf("Fit(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		if Width(got) > c.n {
			t.Errorf("Fit(%q, %d) is %d wide", c.in, c.n, Width(got))
		}
	}
	if got := FitLeft("01JD6Z3Y8T0000000000000A01", 10); got != "…000000A01" {
		t.Errorf("FitLeft = %q", got)
	}
	if got := FitLeft("/home/op/src/repo", 40); got != "/home/op/src/repo" {
		t.Errorf("FitLeft kept = %q", got)
	}
}

func TestPadRight_PadsPaintedCellsToTheirVisibleWidth(t *testing.T) {
	o := Out{Color: true}
	got := PadRight(o.Paint(Green, "OK"), 6) + "|"
	if Strip(got) != "OK    |" {
		t.Fatalf("PadRight = %q", got)
	}
}

// TestGrid_ColouredCellsAlignLikePlainOnes is the bug tabwriter has: it
// counts escape bytes, so a painted cell pushes its row's later columns
// right. The grid must put every column at the same visible offset with
// colour on as with colour off.
func TestGrid_ColouredCellsAlignLikePlainOnes(t *testing.T) {
	rows := [][2]string{{"SHIPPED", Green}, {"NOT_SHIPPED", Red}, {"日本", Dim}}
	lay := func(o Out) []string {
		var g Grid
		g.Row("VERDICT", "COUNT", "NOTE")
		for i, r := range rows {
			g.Row(o.Paint(r[1], r[0]), strings.Repeat("9", i+1), "x")
		}
		return g.Lines(0)
	}
	plain, colour := lay(Out{}), lay(Out{Color: true})
	for i := range plain {
		if Strip(colour[i]) != plain[i] {
			t.Errorf("row %d: colour %q, plain %q", i, Strip(colour[i]), plain[i])
		}
		if i == 0 {
			continue
		}
		if col := Width(plain[i][:strings.Index(plain[i], "x")]); col != strings.Index(plain[1], "x") {
			t.Errorf("row %d: NOTE at column %d", i, col)
		}
	}
	// The same rows through tabwriter misalign once painted: the guard above
	// is what catches it.
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	o := Out{Color: true}
	tw.Write([]byte(o.Paint(Green, "SHIPPED") + "\tx\n" + "NOT_SHIPPED\tx\n"))
	tw.Flush()
	lines := strings.Split(Strip(b.String()), "\n")
	if strings.Index(lines[0], "x") == strings.Index(lines[1], "x") {
		t.Fatalf("tabwriter aligned painted cells; the grid would not be needed:\n%s", b.String())
	}
}

func TestGrid_MatchesTabwriterForPlainText(t *testing.T) {
	rows := []string{"A\tBB\tC", "AAAA\tB\tCCC", "A\t\tlast"}
	var b strings.Builder
	tw := Table(&b)
	var g Grid
	for _, r := range rows {
		tw.Write([]byte(r + "\n"))
		g.Row(strings.Split(r, "\t")...)
	}
	tw.Flush()
	if got := strings.Join(g.Lines(0), "\n") + "\n"; got != b.String() {
		t.Fatalf("grid:\n%q\ntabwriter:\n%q", got, b.String())
	}
}

func TestGrid_ShrinksNamedColumnsThenCutsTheLine(t *testing.T) {
	var g Grid
	g.Row("CHIP", "RUN", "NAME", "NOTE")
	g.Row("ADVANCING", "01JD6Z3Y8T0000000000000A01", "a-very-long-run-name", "the last column")
	g.Shrink(2, 6, false)
	g.Shrink(1, 10, true)
	lines := g.Lines(50)
	for _, l := range lines {
		if Width(l) > 50 {
			t.Errorf("%q is %d wide", l, Width(l))
		}
	}
	if want := "ADVANCING  …0000000000A01  a-ver…  the last column"; lines[1] != want {
		t.Errorf("got  %q\nwant %q", lines[1], want)
	}
	if got := g.Lines(20)[1]; Width(got) != 20 || !strings.HasSuffix(got, "…") {
		t.Errorf("narrower than the minimums: %q", got)
	}
	if got := g.Lines(0)[1]; !strings.Contains(got, "a-very-long-run-name") {
		t.Errorf("width 0 cut: %q", got)
	}
}
