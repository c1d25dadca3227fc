package journal

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// canonicalLine is a line exactly as the writer writes it.
func canonicalLine(t *testing.T) []byte {
	t.Helper()
	w := NewWriter(t.TempDir(), testOptions())
	defer w.Close()
	r, err := w.Append(t.Context(), Record{Kind: KindVerdict, Syscall: "verify", Verdict: "SHIPPED", RunID: "01JD6Z3Y8T0000000000000A01",
		Lane: "api", Subject: "AUTH1", Detail: MustDetail(map[string]any{"n": 3, "list": []any{1, "x", map[string]any{"y": nil}}})})
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecode_StrictnessRules pins every rule of the hand-written decoder
// that encoding/json would also enforce or that the journal adds: each
// line breaks exactly one rule and must be refused with that rule's
// reason, on the fast path's input form (as written) and on the general
// path's (a space after '{', which the fast path never takes). Deleting
// any one check makes its row fail.
func TestDecode_StrictnessRules(t *testing.T) {
	base := string(canonicalLine(t))
	if !plainASCII([]byte(base)) {
		t.Fatal("the canonical line is not plain ASCII: the fast path would not see it")
	}
	var d decoder
	var r Record
	if err := d.decode([]byte(base), &r); err != nil {
		t.Fatalf("the canonical line does not decode: %v", err)
	}
	sub := func(old, new string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("base line has no %q", old)
		}
		return strings.Replace(base, old, new, 1)
	}
	hashAt := strings.Index(base, `,"hash":`)
	cases := []struct {
		name, line, reason string
	}{
		{"repeated member", sub(`"seq":1,`, `"seq":1,"seq":2,`), `repeated member "seq"`},
		{"repeated member in any position", sub(`"lane":"api"`, `"lane":"api","lane":"web"`), `repeated member "lane"`},
		{"leading zero", sub(`"seq":1,`, `"seq":01,`), "leading zero"},
		{"trailing bytes", base + `x`, "trailing bytes"},
		{"a second object", base + `{}`, "trailing bytes"},
		{"missing hash", base[:hashAt] + "}", `missing member "hash"`},
		{"missing seq", sub(`"seq":1,`, ``), `missing member "seq"`},
		{"not an object", `[` + base + `]`, "not a JSON object"},
		{"empty object", `{}`, "empty object"},
		{"version 0", sub(`"v":1,`, `"v":0,`), "version must be at least 1"},
		{"version out of range", sub(`"v":1,`, `"v":4294967296,`), "version out of range"},
		{"seq 0", sub(`"seq":1,`, `"seq":0,`), "seq must be at least 1"},
		{"negative seq", sub(`"seq":1,`, `"seq":-1,`), "expected an unsigned integer"},
		{"seq overflows", sub(`"seq":1,`, `"seq":18446744073709551616,`), "integer overflows uint64"},
		{"seq with a fraction", sub(`"seq":1,`, `"seq":1.5,`), "expected an integer"},
		{"seq as a string", sub(`"seq":1,`, `"seq":"1",`), "expected an unsigned integer"},
		{"ts not RFC 3339", sub(`"ts":"2026-11-23T12:00:00.001000000Z"`, `"ts":"2026-11-23 12:00:00"`), "ts is not RFC 3339"},
		{"detail not an object", sub(`"detail":{`, `"detail":[{`) + "", "detail is not an object"},
		{"missing colon", sub(`"kind":"verdict"`, `"kind""verdict"`), "expected ':'"},
		{"missing comma", sub(`"kind":"verdict",`, `"kind":"verdict" `), "expected ',' or '}'"},
		{"unterminated string", `{"v":1,"id":"01JD`, "unterminated string"},
		{"invalid escape", sub(`"subject":"AUTH1"`, `"subject":"AUTH\q1"`), "invalid escape in string"},
		{"short \\u escape", base[:len(base)-2] + `\u0"}`, "short \\u escape"},
		{"invalid \\u escape", sub(`"subject":"AUTH1"`, `"subject":"AUTH\uZZZZ"`), "invalid \\u escape"},
		{"control character", sub(`"subject":"AUTH1"`, "\"subject\":\"AU\x01TH1\""), "control character in string"},
		{"invalid UTF-8", sub(`"subject":"AUTH1"`, "\"subject\":\"AU\xffTH1\""), "invalid UTF-8"},
		{"detail: control character", sub(`"x"`, "\"\x02\""), "control character in string"},
		{"detail: invalid escape", sub(`"x"`, `"\x"`), "invalid escape in string"},
		{"detail: invalid value", sub(`"n":3`, `"n":tru`), "invalid value"},
		{"detail: invalid number", sub(`"n":3`, `"n":-`), "invalid number"},
		{"detail: invalid fraction", sub(`"n":3`, `"n":3.`), "invalid number fraction"},
		{"detail: invalid exponent", sub(`"n":3`, `"n":3e`), "invalid number exponent"},
		{"detail: missing colon", sub(`"n":3`, `"n"3`), "expected ':'"},
		{"detail: unclosed array", sub(`"list":[1,`, `"list":[1 `), "expected ',' or closing bracket"},
		{"detail: nesting too deep", sub(`"n":3`, `"n":`+strings.Repeat("[", maxDepth+1)+strings.Repeat("]", maxDepth+1)), "nesting too deep"},
	}
	for _, c := range cases {
		forms := map[string]string{"as written": c.line}
		if strings.HasPrefix(c.line, "{") && len(c.line) > 1 {
			forms["general path"] = "{ " + c.line[1:]
		}
		for form, line := range forms {
			err := d.decode([]byte(line), &r)
			if err == nil {
				t.Errorf("%s (%s): accepted %q", c.name, form, line)
				continue
			}
			if !strings.Contains(err.Error(), c.reason) {
				t.Errorf("%s (%s): refused for %q, want %q", c.name, form, err, c.reason)
			}
		}
	}
}

// TestDecode_AcceptsWhatEncodingJSONAccepts holds the decoder to JSON's
// grammar on the forms a hand-edited or re-encoded line can take:
// whitespace anywhere, members in any order, escapes, unknown members.
func TestDecode_AcceptsWhatEncodingJSONAccepts(t *testing.T) {
	base := canonicalLine(t)
	var want map[string]any
	if err := json.Unmarshal(base, &want); err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	json.Indent(&pretty, base, "", "  ")
	reordered, _ := json.Marshal(want) // encoding/json sorts the keys
	escaped := bytes.Replace(base, []byte(`"AUTH1"`), []byte(`"AUTH\u0031"`), 1)
	unknown := bytes.Replace(base, []byte(`{"v":1,`), []byte(`{"future":{"a":[1,2]},"v":1,`), 1)
	var d decoder
	for name, line := range map[string][]byte{"indented": pretty.Bytes(), "keys sorted": reordered, "escaped": escaped, "unknown member": unknown} {
		var r Record
		if err := d.decode(line, &r); err != nil {
			t.Errorf("%s: %v\n%s", name, err, line)
			continue
		}
		if r.Seq != 1 || r.Subject != "AUTH1" || r.Lane != "api" || r.Hash == "" {
			t.Errorf("%s: decoded %+v", name, r)
		}
	}
}
