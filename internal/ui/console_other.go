//go:build !windows

package ui

import "os"

// enableVT: every unix terminal interprets ANSI escapes.
func enableVT(*os.File) bool { return true }
