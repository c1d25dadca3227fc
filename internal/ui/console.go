package ui

import (
	"io"
	"os"
)

// ANSI reports whether w is a terminal that draws ANSI escapes (colour,
// cursor moves) rather than printing them: any terminal on unix; on
// Windows a console whose virtual-terminal processing is on, which ANSI
// turns on when the console allows it (Windows 10 1511 and later) and
// otherwise leaves w plain.
func ANSI(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && IsTerminal(w) && enableVT(f)
}
