package ui

import "testing"

func TestSafe_ControlsBecomeVisibleEscapes(t *testing.T) {
	cases := map[string]string{
		"api/v2/":                       "api/v2/",
		"héllo · 日本":                    "héllo · 日本",
		"\x1b[2J\x1b[31mred":            `\x1b[2J\x1b[31mred`,
		"\x1b]8;;http://x\x07link":      `\x1b]8;;http://x\x07link`,
		"a\tb\nc\rd\x00e\x7f":           `a\x09b\x0ac\x0dd\x00e\x7f`,
		"\u009b2J c1 csi":               `\u009b2J c1 csi`,
		"bad \x9b byte":                 `bad \x9b byte`,
		"evil\u202egnp.exe":             `evil\u202egnp.exe`,
		"\u2066isolate\u2069 \u2028sep": `\u2066isolate\u2069 \u2028sep`,
	}
	for in, want := range cases {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}
