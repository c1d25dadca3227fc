package vocab

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// enumerate: which units does a plan document declare, and which of them
// does the document itself mark shipped? The declared set, never a silent
// empty: a document with no unit ids is its own verdict.

// EnumerateGrammar is how units are found (the reference's [enumerate]):
// the heading levels that open a unit and whether table first cells count.
type EnumerateGrammar struct {
	Levels     []int
	ScanTables bool
}

// DefaultEnumerate returns the generic grammar: ##, ### and #### headings,
// tables scanned.
func DefaultEnumerate() EnumerateGrammar {
	return EnumerateGrammar{Levels: []int{2, 3, 4}, ScanTables: true}
}

// EnumUnit is one declared unit.
type EnumUnit struct {
	Unit      string `json:"unit"`
	Source    string `json:"source"` // heading | table | numbered | phase
	Shipped   bool   `json:"shipped"`
	ShippedBy string `json:"shipped_by,omitempty"` // doc | list
	Evidence  string `json:"evidence,omitempty"`   // the marker that said shipped
}

// EnumDrift is one note about the document.
type EnumDrift struct {
	Kind   string `json:"kind"` // empty | list_table_mismatch
	Detail string `json:"detail"`
}

// EnumerateDetail is enumerate's detail.
type EnumerateDetail struct {
	Series    string      `json:"series"` // "" for generic
	Units     []string    `json:"units"`
	Shipped   []string    `json:"shipped"`
	Remaining []string    `json:"remaining"`
	Drift     []EnumDrift `json:"drift"`
	Reason    string      `json:"reason"` // clean | drift | empty
}

func idPattern(series string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)^` + regexp.QuoteMeta(series) + `(?:\d+(?:\.\d+)*[a-z]?(?:-[a-z][a-z0-9]*)?|-[a-z][a-z0-9]*)\b`)
}

// enumRE holds enumerate's patterns, compiled on first use: most dos
// processes never enumerate, and a regexp compiled at start costs each.
var enumRE = sync.OnceValue(func() (p struct{ numbered, phase, shipped *regexp.Regexp }) {
	p.numbered = regexp.MustCompile(`^(\d+)\.\s+\S`)
	p.phase = regexp.MustCompile(`(?i)^phase\s+(\d+(?:\.\d+)*)\b`)
	p.shipped = regexp.MustCompile(`(?i)(not\s+(?:yet\s+)?)?\bshipped\b`)
	return p
})

func heading(line string) (level int, text string) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n >= len(line) || line[n] != ' ' {
		return 0, ""
	}
	return n, strings.TrimSpace(strings.Trim(line[n:], " #"))
}

// findID finds a unit id starting within the first 2 characters of text
// (characters, so a leading ✅ counts as one).
func findID(re *regexp.Regexp, text string) string {
	n := 0
	for i := range text {
		if n > 2 {
			break
		}
		if m := re.FindString(text[i:]); m != "" {
			return m
		}
		n++
	}
	return ""
}

// shippedMark reports the first shipped marker in text: "shipped" not
// after "not"/"not yet", ✅, ✓ or [x].
func shippedMark(text string) string {
	for _, m := range enumRE().shipped.FindAllStringSubmatch(text, -1) {
		if m[1] == "" {
			return "shipped"
		}
	}
	for _, mk := range []string{"✅", "✓", "[x]", "[X]"} {
		if strings.Contains(text, mk) {
			return mk
		}
	}
	return ""
}

// ClassifyEnumerate reads a plan document's units: headings at the
// grammar's levels starting with a series id (or "N." with no series),
// table first cells, and bare "Phase N" headings only when nothing else
// was found. A unit's section runs to the next heading of its level or
// higher; it is shipped when the section says so, or when --shipped names
// it. EMPTY when no unit is found; DRIFT when --shipped names ids the
// document does not declare; else CLEAN.
func ClassifyEnumerate(doc, series string, forced []string, g EnumerateGrammar) (Verdict, EnumerateDetail, []EnumUnit) {
	d := EnumerateDetail{Series: series, Units: []string{}, Shipped: []string{}, Remaining: []string{}, Drift: []EnumDrift{}}
	levels := map[int]bool{}
	for _, l := range g.Levels {
		levels[l] = true
	}
	var re *regexp.Regexp
	if series != "" {
		re = idPattern(series)
	}
	type open struct {
		unit  int
		level int
	}
	var units []EnumUnit
	index := map[string]int{}
	var sections []strings.Builder
	var phases []EnumUnit
	var cur *open
	add := func(id, source string) int {
		key := strings.ToUpper(id)
		if i, ok := index[key]; ok {
			return i
		}
		index[key] = len(units)
		units = append(units, EnumUnit{Unit: id, Source: source})
		sections = append(sections, strings.Builder{})
		return len(units) - 1
	}
	fence := false
	for _, raw := range strings.Split(doc, "\n") {
		line := strings.TrimRight(raw, "\r")
		if strings.HasPrefix(strings.TrimSpace(line), "```") || strings.HasPrefix(strings.TrimSpace(line), "~~~") {
			fence = !fence
			continue
		}
		if fence {
			continue
		}
		if lvl, text := heading(line); lvl > 0 {
			if cur != nil && lvl <= cur.level {
				cur = nil
			}
			if !levels[lvl] {
				continue
			}
			id := ""
			source := "heading"
			if re != nil {
				id = findID(re, text)
			} else if m := enumRE().numbered.FindStringSubmatch(text); m != nil {
				id, source = m[1], "numbered"
			}
			if id != "" {
				i := add(id, source)
				cur = &open{unit: i, level: lvl}
				sections[i].WriteString(text + "\n")
				continue
			}
			if m := enumRE().phase.FindStringSubmatch(text); m != nil {
				phases = append(phases, EnumUnit{Unit: series + m[1], Source: "phase", Evidence: shippedMark(text)})
			}
			continue
		}
		if g.ScanTables && re != nil && strings.HasPrefix(strings.TrimSpace(line), "|") {
			cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
			if len(cells) > 0 {
				if id := findID(re, strings.TrimSpace(cells[0])); id != "" {
					i := add(id, "table")
					sections[i].WriteString(line + "\n")
					continue
				}
			}
		}
		if cur != nil {
			sections[cur.unit].WriteString(line + "\n")
		}
	}
	if len(units) == 0 {
		for _, p := range phases {
			if _, ok := index[strings.ToUpper(p.Unit)]; !ok {
				index[strings.ToUpper(p.Unit)] = len(units)
				units = append(units, p)
				sections = append(sections, strings.Builder{})
			}
		}
	}
	for i := range units {
		if units[i].Source != "phase" {
			units[i].Evidence = shippedMark(sections[i].String())
		}
		if units[i].Evidence != "" {
			units[i].Shipped, units[i].ShippedBy = true, "doc"
		}
	}
	var unknown []string
	for _, f := range forced {
		i, ok := index[strings.ToUpper(f)]
		if !ok {
			unknown = append(unknown, f)
			continue
		}
		if !units[i].Shipped {
			units[i].Shipped, units[i].ShippedBy = true, "list"
		}
	}
	for _, u := range units {
		d.Units = append(d.Units, u.Unit)
		if u.Shipped {
			d.Shipped = append(d.Shipped, u.Unit)
		} else {
			d.Remaining = append(d.Remaining, u.Unit)
		}
	}
	if len(units) == 0 {
		d.Drift = append(d.Drift, EnumDrift{Kind: "empty", Detail: "no unit ids found in body"})
	}
	if len(unknown) > 0 {
		d.Drift = append(d.Drift, EnumDrift{Kind: "list_table_mismatch", Detail: fmt.Sprintf("--shipped names %s, which the body does not declare", strings.Join(unknown, ", "))})
	}
	label := series
	if label == "" {
		label = "(generic)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "series=%s  units=%d  shipped=%d  remaining=%d", label, len(units), len(d.Shipped), len(d.Remaining))
	if len(units) == 0 {
		b.WriteString("\n(empty) — no unit ids declared")
	}
	for _, u := range units {
		if u.Shipped {
			fmt.Fprintf(&b, "\n  · %s via %s", u.Unit, u.ShippedBy)
		} else {
			fmt.Fprintf(&b, "\n  → %s", u.Unit)
		}
	}
	for _, dr := range d.Drift {
		fmt.Fprintf(&b, "\n  ⚠ drift[%s]: %s", dr.Kind, dr.Detail)
	}
	var v Verdict
	switch {
	case len(units) == 0:
		v = Verdict{Token: VerdictEmpty, Reason: "empty"}
	case len(d.Drift) > 0:
		v = Verdict{Token: VerdictDrift, Reason: "drift"}
	default:
		v = Verdict{Token: VerdictClean, Reason: "clean"}
	}
	v.Why, d.Reason = b.String(), v.Reason
	return v, d, units
}
