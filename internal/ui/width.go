package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Display width: how many terminal columns a string takes. ANSI escape
// sequences (the colours Paint adds) take none, East Asian wide and
// fullwidth runes take two, combining marks and format characters none.
// golang.org/x/text/width holds the East Asian Width table as static data
// (no initialiser runs in the lean dos); the handful of rules around it
// are kept here rather than pulling in go-runewidth, whose init reads the
// locale and builds tables in every process (~0.12 ms of every verdict).

// escLen returns the length of the ANSI escape sequence at the start of s,
// or 0 when s does not start with one: CSI (ESC [ … final byte), OSC
// (ESC ] … BEL or ESC \) and two-byte escapes.
func escLen(s string) int {
	if len(s) < 2 || s[0] != 0x1b {
		return 0
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if c := s[i]; c >= 0x40 && c <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}

// RuneWidth is the number of columns r takes on a terminal: 0, 1 or 2.
func RuneWidth(r rune) int {
	switch {
	case r == 0 || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return 0
	case r < 0x300: // Latin, the common case
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || r == 0x200b:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// Width is the display width of s: escape sequences take no columns.
func Width(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if e := escLen(s[i:]); e > 0 {
			i += e
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += RuneWidth(r)
		i += size
	}
	return n
}

// PadRight pads s with spaces to n display columns (never cuts it).
func PadRight(s string, n int) string {
	if w := Width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// Fit cuts s to at most n display columns, ending it with "…" when cut.
// Escape sequences are kept whole, and a cut string that held any ends
// with a reset so a colour never bleeds past it.
func Fit(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if Width(s) <= n {
		return s
	}
	var b strings.Builder
	w, escaped := 0, false
	for i := 0; i < len(s); {
		if e := escLen(s[i:]); e > 0 {
			b.WriteString(s[i : i+e])
			escaped = true
			i += e
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		rw := RuneWidth(r)
		if w+rw > n-1 {
			break
		}
		b.WriteString(s[i : i+size])
		w += rw
		i += size
	}
	b.WriteString("…")
	if escaped {
		b.WriteString("\x1b[0m")
	}
	return b.String()
}

// FitLeft cuts s to at most n display columns from the left, starting it
// with "…" when cut: the end of a path or a run id is what tells it apart.
// Escape sequences are dropped from a cut string.
func FitLeft(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if Width(s) <= n {
		return s
	}
	rs := []rune(Strip(s))
	w, i := 0, len(rs)
	for i > 0 && w+RuneWidth(rs[i-1]) <= n-1 {
		i--
		w += RuneWidth(rs[i])
	}
	return "…" + string(rs[i:])
}

// Strip removes escape sequences from s.
func Strip(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if e := escLen(s[i:]); e > 0 {
			i += e
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
