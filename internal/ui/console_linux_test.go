package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair and returns its terminal side.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestNewOut_ColourOnlyOnATerminalThatDrawsANSI(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	tty := openPTY(t)
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, c := range []struct {
		name string
		out  Out
		want bool
	}{
		{"a terminal", NewOut(tty, env()), true},
		{"a terminal with NO_COLOR", NewOut(tty, env("NO_COLOR", "1")), false},
		{"a terminal with TERM=dumb", NewOut(tty, env("TERM", "dumb")), false},
		{"a file", NewOut(file, env()), false},
		{"a buffer", NewOut(&bytes.Buffer{}, env()), false},
	} {
		if c.out.Color != c.want {
			t.Errorf("%s: colour %v, want %v", c.name, c.out.Color, c.want)
		}
	}
	if !ANSI(tty) || ANSI(file) {
		t.Errorf("ANSI: terminal %v, file %v", ANSI(tty), ANSI(file))
	}
}
