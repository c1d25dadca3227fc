package ui

import (
	"os"

	"golang.org/x/sys/windows"
)

// enableVT turns on ENABLE_VIRTUAL_TERMINAL_PROCESSING for the console f
// writes to, and reports whether it is on. A console too old for it (or
// one that refuses) keeps its mode and gets no escapes.
func enableVT(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if windows.GetConsoleMode(h, &mode) != nil {
		return false
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
