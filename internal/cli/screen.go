package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dos-go/dos/projections/viewtext"
	"golang.org/x/term"
)

// The interactive screens (`dos top`, `dos plan`): raw mode, keys, resizes
// and a redraw loop around a frame function the tests drive directly.

// screenIO is what a redraw loop reads besides its data: keys, resize
// events and the screen size (a terminal, or a test's fixed one).
type screenIO struct {
	keys   <-chan byte
	resize <-chan os.Signal // nil: never resized
	size   func() viewtext.Screen
}

// onTerminal puts stdin's terminal in raw mode (restored on the way out),
// reads keys from it, hides the cursor while frames are drawn, and runs
// loop with the terminal's keys, resizes and size.
func (a *App) onTerminal(name string, stdin *os.File, loop func(screenIO) error) error {
	old, err := term.MakeRaw(int(stdin.Fd()))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer term.Restore(int(stdin.Fd()), old)
	keys := make(chan byte, 1)
	go func() { // ends with the process: a read on a terminal cannot be cancelled
		b := make([]byte, 1)
		for {
			if n, err := stdin.Read(b); err != nil || n == 0 {
				close(keys)
				return
			}
			keys <- b[0]
		}
	}()
	resize, stop := notifyResize()
	defer stop()
	fmt.Fprint(a.stdout, "\x1b[?25l")       // hide the cursor while frames are drawn
	defer fmt.Fprint(a.stdout, "\x1b[?25h") // and give it back
	return loop(screenIO{keys: keys, resize: resize, size: func() viewtext.Screen { return terminalSize(a.stdout) }})
}

// redrawLoop draws frame every interval (and at once on a resize) until q,
// Ctrl-C (3 in raw mode), the keys closing or the context ending.
func (a *App) redrawLoop(ctx context.Context, sio screenIO, interval time.Duration, frame func(viewtext.Screen) (string, error)) error {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		f, err := frame(sio.size())
		if err != nil {
			return err
		}
		fmt.Fprint(a.stdout, "\x1b[H\x1b[2J"+crlf(f))
		select {
		case <-ctx.Done():
			return nil
		case k, ok := <-sio.keys:
			if !ok || k == 'q' || k == 'Q' || k == 3 {
				fmt.Fprint(a.stdout, "\r\n")
				return nil
			}
		case <-sio.resize:
		case <-tick.C:
		}
	}
}

// terminalSize is w's size when it is a terminal, else unbounded.
func terminalSize(w io.Writer) viewtext.Screen {
	if f, ok := w.(*os.File); ok {
		if cols, rows, err := term.GetSize(int(f.Fd())); err == nil {
			return viewtext.Screen{Width: cols, Height: rows}
		}
	}
	return viewtext.Screen{}
}

// crlf turns a frame's newlines into CR LF, which a raw terminal needs.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
