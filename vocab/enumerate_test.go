package vocab

import (
	"strings"
	"testing"
)

func TestClassifyEnumerate_Rules(t *testing.T) {
	g := DefaultEnumerate()
	cases := []struct {
		name, doc, series string
		forced            []string
		token             string
		units, shipped    string
	}{
		{"series headings", "## AUTH1 login\nshipped\n## AUTH2 refresh\nnot shipped\n## AUTH10 x\n", "AUTH", nil, VerdictClean, "AUTH1,AUTH2,AUTH10", "AUTH1"},
		{"id within 2 characters", "## ✅ AUTH3 x\n## 1. AUTH4 y\n", "AUTH", nil, VerdictClean, "AUTH3", "AUTH3"},
		{"a longer token is not the id", "## AUTHX1 no\n## AUTH1a yes\n", "AUTH", nil, VerdictClean, "AUTH1a", ""},
		{"satellite and dotted ids", "### MAS2.5 x\n### MAS-docs y\n[x] done\n", "MAS", nil, VerdictClean, "MAS2.5,MAS-docs", "MAS-docs"},
		{"a section ends at a same-level heading", "## A1 x\n## Other\n✓\n", "A", nil, VerdictClean, "A1", ""},
		{"a deeper heading stays in the section", "## A1 x\n### detail\n✓ done\n", "A", nil, VerdictClean, "A1", "A1"},
		{"code fences are ignored", "```\n## A1 x\n```\n## A2 y\n", "A", nil, VerdictClean, "A2", ""},
		{"table first cells", "| A7 | x | ✅ |\n| other | A8 |\n", "A", nil, VerdictClean, "A7", "A7"},
		{"numbered headings without a series", "### 1. Setup\n### 2. Build\nshipped\n", "", nil, VerdictClean, "1,2", "2"},
		{"Phase N only when nothing else", "## Phase 1\n## Phase 2 ✅\n", "AUTH", nil, VerdictClean, "AUTH1,AUTH2", "AUTH2"},
		{"--shipped forces and drifts", "## A1 x\n", "A", []string{"a1", "A9"}, VerdictDrift, "A1", "A1"},
		{"nothing at all", "# Title\nprose\n", "A", nil, VerdictEmpty, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, d, _ := ClassifyEnumerate(c.doc, c.series, c.forced, g)
			if v.Token != c.token || strings.Join(d.Units, ",") != c.units || strings.Join(d.Shipped, ",") != c.shipped {
				t.Fatalf("got %s units %v shipped %v\n%s", v.Token, d.Units, d.Shipped, v.Why)
			}
		})
	}
}
