package vocab

import (
	"path"
	"strings"
)

// Workspace paths are '/'-separated and relative to the workspace root on
// every platform: what a lease claims, what a footprint touches, what a
// record says. An agent on Windows (or its host) writes `api\handlers\`,
// `C:\repo\api` or `\\server\share\x`; these functions read that syntax
// wherever dos runs (a hook payload from a Windows host may reach a dos
// anywhere), so they are pure string functions, never path/filepath.

// SlashPath is p with every '\' turned into '/'. A backslash is a
// separator to Windows and git for Windows cannot check out a name that
// holds one, so dos never reads it as part of a name.
func SlashPath(p string) string { return strings.ReplaceAll(p, `\`, "/") }

// VolumeName returns the Windows volume a slash-form path starts with, or
// "" when it has none: a drive ("C:"), a UNC share ("//server/share") or a
// device path ("//?/C:", "//./pipe"). Call it on SlashPath's result.
func VolumeName(p string) string {
	if len(p) >= 2 && isLetter(p[0]) && p[1] == ':' {
		return p[:2]
	}
	rest, ok := strings.CutPrefix(p, "//")
	if !ok || rest == "" || rest[0] == '/' {
		return ""
	}
	host, tail, _ := strings.Cut(rest, "/")
	share, _, _ := strings.Cut(tail, "/")
	if share == "" {
		return "//" + host
	}
	return "//" + host + "/" + share
}

// IsAbsPath reports whether a slash-form path is absolute on some
// platform: rooted ("/x"), or on a Windows volume ("C:/x", "//server/share").
// "C:x" (relative to drive C's current directory) counts as absolute: it
// is anchored outside any workspace.
func IsAbsPath(p string) bool { return strings.HasPrefix(p, "/") || VolumeName(p) != "" }

// RelativeToWorkspace resolves p (absolute, or relative to cwd; any of the
// three in either platform's syntax) and returns it relative to the
// workspace ws, '/'-separated ("." for ws itself); ok is false when it
// leaves ws, lies on another drive or share, or is drive-relative. ws is
// absolute; a relative cwd is taken from ws. A Windows workspace (one on a
// volume) compares case-insensitively, as its filesystem does.
func RelativeToWorkspace(ws, cwd, p string) (rel string, ok bool) {
	ws, cwd, p = cleanAbs(SlashPath(ws)), SlashPath(cwd), SlashPath(p)
	if cwd == "" {
		cwd = ws
	} else if !IsAbsPath(cwd) {
		cwd = ws + "/" + cwd
	}
	abs := p
	if !IsAbsPath(p) {
		abs = cwd + "/" + p
	}
	abs = cleanAbs(abs)
	if v := VolumeName(abs); v != "" && !strings.HasPrefix(abs[len(v):], "/") && abs[len(v):] != "" {
		return "", false // "C:x": relative to a drive's own current directory
	}
	eq := func(a, b string) bool { return a == b }
	if VolumeName(ws) != "" {
		eq = strings.EqualFold
	}
	if eq(abs, ws) {
		return ".", true
	}
	prefix := ws
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	if len(abs) > len(prefix) && eq(abs[:len(prefix)], prefix) {
		return abs[len(prefix):], true
	}
	return "", false
}

// cleanAbs is path.Clean after the volume, so ".." never climbs above a
// drive or share ("C:/a/../.." is "C:/").
func cleanAbs(p string) string {
	v := VolumeName(p)
	rest := p[len(v):]
	if rest == "" {
		return v
	}
	return v + path.Clean(rest)
}
