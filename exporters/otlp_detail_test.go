package exporters

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/benchgen"
	"github.com/dos-go/dos/journal"
	"go.opentelemetry.io/otel/attribute"
)

// renderAttrs writes attributes exactly: key, type and value, slices
// element by element, floats by their bits.
func renderAttrs(kvs []attribute.KeyValue) string {
	var b strings.Builder
	var value func(v attribute.Value)
	value = func(v attribute.Value) {
		b.WriteString(v.Type().String() + ":")
		switch v.Type() {
		case attribute.SLICE:
			b.WriteByte('[')
			for i, e := range v.AsSlice() {
				if i > 0 {
					b.WriteByte(',')
				}
				value(e)
			}
			b.WriteByte(']')
		case attribute.FLOAT64:
			fmt.Fprintf(&b, "%x", math.Float64bits(v.AsFloat64()))
		case attribute.STRING:
			fmt.Fprintf(&b, "%q", v.AsString())
		default:
			b.WriteString(v.Emit())
		}
	}
	for _, kv := range kvs {
		fmt.Fprintf(&b, "%q=", string(kv.Key))
		value(kv.Value)
		b.WriteByte('\n')
	}
	return b.String()
}

// kernelDetails is every distinct detail of the fixture journals, of
// internal/benchgen's realistic journal and of its Shapes.
func kernelDetails(t testing.TB) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	add := func(d journal.Detail) {
		if !seen[string(d)] {
			seen[string(d)] = true
			out = append(out, string(d))
		}
	}
	dirs, _ := filepath.Glob(filepath.Join("..", "testdata", "journals", "*"))
	for _, dir := range dirs {
		j, err := journal.Open(dir)
		if err != nil {
			continue
		}
		for r, err := range j.Records(t.Context(), 0) {
			if err == nil {
				add(r.Detail)
			}
		}
	}
	for _, r := range realRecords(t) {
		add(r.Detail)
	}
	for _, r := range benchgen.Shapes() {
		add(r.Detail)
	}
	return out
}

// oddDetails are details no kernel writes, for both outcomes: the fast
// path must agree with the reference or leave them to it.
var oddDetails = []string{
	`{}`, `{"a":null}`, `{"a":{}}`, `{"a":[]}`, `{"a":[null]}`, `{"a":[null,1,null]}`, `{"a":[[1,[2]],["x"]]}`,
	`{"b":1,"a":2}`, `{"a":{"c":1,"b":{"e":true,"d":false}},"a.b":3,"a-b":4}`, `{"a":[{"b":1,"a":[{"d":null,"c":"<&>"}]}]}`,
	`{"a":[{}],"b":[{"x":{}}]}`, `{"a":1.5,"b":1e3,"c":-0,"d":1E+2,"e":9223372036854775807,"f":9223372036854775808,"g":-9223372036854775809,"h":1e400,"i":0.1e-5}`,
	`{"a":"q\"uote","b":"\\","c":"\/","d":"\b\f\n\r\t","e":"\u0041\u00e9\u2028","f":"\ud83d\ude00","g":"\ud83d","h":"\udc00x","i":"\ud83dx"}`,
	`{"\u0062":1,"a":2}`, `{"k\"ey":{"in\\ner":1}}`, "{\"a\":\"\xff\xfe\",\"b\":[{\"c\":\"\xff\"}]}", "{\"\xff\":1}",
	`{"a":[{"b":"\u2028\u2029<>&\u0001"}]}`, `{"a":[{"b":1.50,"c":1e3,"d":-0}]}`, `{"a":true,"b":false,"c":[true,false]}`,
	// the reference decides these
	`{"a":1,"a":2}`, `{"a":{"x":1},"a":{"y":2}}`, `{"a":[{"b":1,"b":2}]}`, `{ "a":1}`, `{"a" :1}`, `{"a":1 }`, "{\"a\":\n1}",
	`{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":+1}`, `{"a":tru}`, `{"a":nul}`, `{"a":"x}`, `{"a":"\x"}`,
	`{"a":"\u12"}`, `{"a":"\'"}`, "{\"a\":\"\x01\"}", `{"a":[1,]}`, `{"a":[,1]}`, `{"a":{"b":1,}}`, `{"a":1,}`, `{,}`, `{"a"}`,
	`{"a":1}x`, `{"a":1}}`, `[1]`, `null`, `"x"`, `{`, `{"a":[`, `{"a":{"b":`, strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40),
	strings.Repeat(`{"a":[`, 20) + "1" + strings.Repeat("]}", 20),
}

func TestDetailWalker_TakesEveryKernelDetailAndAgreesWithTheReference(t *testing.T) {
	details := kernelDetails(t)
	if len(details) < 100 {
		t.Fatalf("only %d distinct details", len(details))
	}
	for _, d := range details {
		fast, ok := flatDetail(d)
		if !ok {
			t.Errorf("the kernel wrote %s and the fast path left it to the reference", d)
			continue
		}
		if got, want := renderAttrs(fast), renderAttrs(referenceDetail(journal.Detail(d))); got != want {
			t.Errorf("%s:\nfast\n%s\nreference\n%s", d, got, want)
		}
	}
}

func TestDetailWalker_OddDetailsAgreeOrAreLeftToTheReference(t *testing.T) {
	taken := 0
	for _, d := range oddDetails {
		checkDetail(t, d)
		if _, ok := flatDetail(d); ok {
			taken++
		}
	}
	if taken < 20 {
		t.Fatalf("the fast path took only %d odd details", taken)
	}
}

// checkDetail fails unless the fast path declines d or gives exactly
// what the reference gives (and never takes what encoding/json rejects).
func checkDetail(t *testing.T, d string) {
	t.Helper()
	fast, ok := flatDetail(d)
	if !ok {
		return
	}
	if !json.Valid([]byte(d)) || d[0] != '{' {
		t.Fatalf("the fast path took %q, which is not a JSON object", d)
	}
	if got, want := renderAttrs(fast), renderAttrs(referenceDetail(journal.Detail(d))); got != want {
		t.Fatalf("%q:\nfast\n%s\nreference\n%s", d, got, want)
	}
	if got, want := renderAttrs(DetailAttributes(journal.Detail(d))), renderAttrs(referenceDetail(journal.Detail(d))); got != want && d != "{}" {
		t.Fatalf("%q: DetailAttributes\n%s\nreference\n%s", d, got, want)
	}
}

func FuzzDetailWalker(f *testing.F) {
	for _, d := range oddDetails {
		f.Add(d)
	}
	for _, r := range benchgen.Shapes() {
		f.Add(string(r.Detail))
	}
	if b, err := os.ReadFile(filepath.Join("..", "testdata", "journals", "views", "00000000000000000001.jsonl")); err == nil {
		for _, line := range strings.SplitN(string(b), "\n", 20) {
			var r journal.Record
			if json.Unmarshal([]byte(line), &r) == nil {
				f.Add(string(r.Detail))
			}
		}
	}
	f.Fuzz(func(t *testing.T, d string) { checkDetail(t, d) })
}
