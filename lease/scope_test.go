package lease

import (
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

func TestClassifyScope_EveryRule(t *testing.T) {
	src := []string{"src/**"}
	cases := []struct {
		name   string
		lane   string
		tree   []string
		files  []string
		token  string
		reason string
		out    string
	}{
		{"nothing touched", "src", src, nil, vocab.VerdictAllow, vocab.ReasonEmptyChange, ""},
		{"inside", "src", src, []string{"src/a.go", "./src/b/c.go"}, vocab.VerdictAllow, vocab.ReasonInScope, ""},
		{"shared infra tolerated", "src", src, []string{"src/x.py", "config.py"}, vocab.VerdictAllow, vocab.ReasonTolerated, ""},
		{"creep", "src", src, []string{"src/b.py", "README.md"}, vocab.VerdictScopeCreep, vocab.ReasonOutsideLane, "README.md"},
		{"wrong target", "docs", []string{"docs/**"}, []string{"src/b.py", "README.md"}, vocab.VerdictWrongTarget, vocab.ReasonNoneInLane, "README.md,src/b.py"},
		{"no tree", "nope", nil, []string{"src/x.py"}, vocab.VerdictWrongTarget, vocab.ReasonNoTree, "src/x.py"},
		{"case and separators fold", "src", src, []string{`SRC\a.go`}, vocab.VerdictAllow, vocab.ReasonInScope, ""},
		{"the whole tree", "", []string{"**/*"}, []string{"x", "y/z"}, vocab.VerdictAllow, vocab.ReasonInScope, ""},
	}
	for _, c := range cases {
		v, d := ClassifyScope(c.lane, c.tree, c.files, "files")
		if v.Token != c.token || d.Reason != c.reason || strings.Join(d.Outside, ",") != c.out || vocab.MustVerb(vocab.SysScopeGate).Code(v.Token) != map[string]int{"ALLOW": 0, "SCOPE_CREEP": 5, "WRONG_TARGET": 6}[c.token] {
			t.Errorf("%s: %s %s outside %v (%s)", c.name, v.Token, d.Reason, d.Outside, v.Why)
		}
	}
	var many []string
	for i := 0; i < 30; i++ {
		many = append(many, "docs/"+string(rune('a'+i%26))+strings.Repeat("x", i)+".md")
	}
	v, d := ClassifyScope("src", src, append(many, "src/a.go"), "staged")
	if v.Token != vocab.VerdictScopeCreep || d.OutScope != 30 || len(d.Outside) != vocab.MaxScopeFiles || !strings.Contains(v.Why, "(25 more)") {
		t.Fatalf("cap: %d outside, %d named, %s", d.OutScope, len(d.Outside), v.Why)
	}
}
