// Package ui holds the output conventions every dos command shares: JSON
// documents, aligned text tables, and colour only on a terminal unless
// NO_COLOR is set.
package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/dos-go/dos/vocab"
	"golang.org/x/term"
)

// Out is where a command writes, and how.
type Out struct {
	W     io.Writer
	Color bool
}

// NewOut decides colour for w: never with NO_COLOR; always with
// CLICOLOR_FORCE (set and not 0: for `less -R`, and for tests); otherwise
// only on a terminal that is not TERM=dumb.
func NewOut(w io.Writer, getenv func(string) string) Out {
	switch {
	case getenv("NO_COLOR") != "":
		return Out{W: w}
	case getenv("CLICOLOR_FORCE") != "" && getenv("CLICOLOR_FORCE") != "0":
		return Out{W: w, Color: true}
	}
	return Out{W: w, Color: IsTerminal(w) && getenv("TERM") != "dumb"}
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// JSON writes v as one indented JSON document.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Table returns a tabwriter aligning columns separated by '\t'.
func Table(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

// ANSI colours for verdict classes.
const (
	Green  = "32"
	Yellow = "33"
	Red    = "31"
	Dim    = "2"
	Bold   = "1"
)

// ClassColor is the colour of a verdict class: ok green, warn yellow, fail
// red, info dim. Success is never red.
func ClassColor(c vocab.Class) string {
	switch c {
	case vocab.ClassOK:
		return Green
	case vocab.ClassWarn:
		return Yellow
	case vocab.ClassFail:
		return Red
	}
	return Dim
}

// Paint wraps s in an ANSI colour when the output has colour.
func (o Out) Paint(code, s string) string {
	if !o.Color || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Printf writes formatted text.
func (o Out) Printf(format string, args ...any) {
	fmt.Fprintf(o.W, format, args...)
}

// Trunc shortens s to n display columns with an ellipsis (see Fit).
func Trunc(s string, n int) string { return Fit(s, n) }

// OneLine collapses whitespace so agent-written text can never break a
// line-oriented output.
func OneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Safe makes text that came from outside dos (a lease path, a lane, a
// subject, a commit subject, a host, anything read back from the journal)
// harmless on a terminal: every C0 control (tab and newline included),
// DEL, C1 control, invalid UTF-8 byte and bidirectional override is
// replaced by a visible escape (ESC becomes `\x1b`, U+009B `\u009b`,
// U+202E `\u202e`), so a value can neither clear the screen, recolour,
// plant an OSC 8 link, nor reorder what is shown around it. JSON output
// needs none of this: its encoder escapes control characters itself.
func Safe(s string) string {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x2028, r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
