package vocab

import (
	"strings"
	"testing"
)

func TestVolumeName_ReadsWindowsSyntaxOnEveryPlatform(t *testing.T) {
	for in, want := range map[string]string{
		`C:\repo\api`:      "C:",
		`c:api`:            "c:",
		`\\server\share\x`: "//server/share",
		`\\server`:         "//server",
		`\\?\C:\repo`:      "//?/C:",
		`\\.\pipe\x`:       "//./pipe",
		`//server/share`:   "//server/share",
		`api\handlers`:     "",
		`/etc/passwd`:      "",
		`///x`:             "",
		`docs/a:b.md`:      "",
		`1:x`:              "",
		``:                 "",
	} {
		if got := VolumeName(SlashPath(in)); got != want {
			t.Errorf("VolumeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanLeasePath_WindowsSpellings(t *testing.T) {
	for in, want := range map[string]string{
		`api\handlers\`: "api/handlers/",
		`api\handlers`:  "api/handlers",
		`.\api\\v2\`:    "api/v2/",
		`a\..\b`:        "b",
		`web/b.js`:      "web/b.js",
		`docs\a:b.md`:   "docs/a:b.md",
	} {
		if got, err := CleanLeasePath(in); err != nil || got != want {
			t.Errorf("CleanLeasePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, says := range map[string]string{
		`C:\repo\api`:      `is on C:, outside the workspace`,
		`c:api`:            `is on c:, outside the workspace`,
		`\\server\share\x`: `is on //server/share, outside the workspace`,
		`\\?\C:\repo`:      `is on //?/C:, outside the workspace`,
		`\etc`:             `must be a non-empty path relative to the workspace`,
		`..\web`:           `leaves the workspace`,
		`a\..\..\x`:        `leaves the workspace`,
	} {
		_, err := CleanLeasePath(in)
		if err == nil || !strings.Contains(err.Error(), says) || !strings.Contains(err.Error(), strings.ReplaceAll(in, `\`, `\\`)) {
			t.Errorf("CleanLeasePath(%q): %v; want an error quoting the path as given and saying %q", in, err, says)
		}
	}
}

func TestRelativeToWorkspace(t *testing.T) {
	type c struct{ ws, cwd, p, rel string }
	in := []c{
		{"/ws", "/ws", "api/x.go", "api/x.go"},
		{"/ws", "/ws/api", "../web/b.js", "web/b.js"},
		{"/ws", "api", "x.go", "api/x.go"},
		{"/ws", "", "/ws", "."},
		{"/ws", "/tmp", "/ws/a/./b/../c", "a/c"},
		{"/", "/", "/etc/x", "etc/x"},
		{`C:\Users\me\repo`, `C:\Users\me\repo`, `api\x.go`, "api/x.go"},
		{`C:\Users\me\repo`, `C:\Users\me\repo\api`, `..\web\b.js`, "web/b.js"},
		{`C:\Users\me\repo`, `D:\elsewhere`, `c:\users\ME\repo\api\x.go`, "api/x.go"}, // drives and NTFS names fold case
		{`C:\Users\me\repo`, ``, `C:/Users/me/repo/`, "."},
		{`C:\`, `C:\`, `C:\x\y`, "x/y"},
		{`\\srv\share\repo`, `\\srv\share\repo`, `a\b`, "a/b"},
		{`\\srv\share\repo`, ``, `\\SRV\Share\repo\a`, "a"},
	}
	for _, tc := range in {
		if rel, ok := RelativeToWorkspace(tc.ws, tc.cwd, tc.p); !ok || rel != tc.rel {
			t.Errorf("RelativeToWorkspace(%q, %q, %q) = %q, %v; want %q inside", tc.ws, tc.cwd, tc.p, rel, ok, tc.rel)
		}
	}
	out := []c{
		{"/ws", "/ws", "../other/x", ""},
		{"/ws", "/ws", "/wsx/a", ""},            // a sibling sharing the prefix
		{"/ws", "/ws", "/WS/a", ""},             // POSIX names are case-sensitive
		{"/ws", "/ws", `C:\ws\a`, ""},           // a Windows path never lands in a POSIX workspace
		{`C:\repo`, `C:\repo`, `D:\repo\a`, ""}, // another drive
		{`C:\repo`, `C:\repo`, `c:a`, ""},       // drive-relative: anchored elsewhere
		{`C:\repo`, `C:\repo`, `..\..\x`, ""},   // cannot climb above the drive into the workspace either
		{`C:\repo`, `C:\repo`, `\\srv\share\a`, ""},
		{`C:\repo`, `C:\repo`, `\\?\C:\repo\a`, ""}, // a device path is another volume to dos
		{`\\srv\share\repo`, ``, `\\srv\other\repo\a`, ""},
	}
	for _, tc := range out {
		if rel, ok := RelativeToWorkspace(tc.ws, tc.cwd, tc.p); ok {
			t.Errorf("RelativeToWorkspace(%q, %q, %q) = %q inside; want outside", tc.ws, tc.cwd, tc.p, rel)
		}
	}
}

func TestIsAbsPath(t *testing.T) {
	for p, want := range map[string]bool{"/x": true, "C:/x": true, "c:x": true, "//srv/share": true, "x": false, "./x": false, "ab:c/d": false, "a:b/c": true} {
		if IsAbsPath(p) != want {
			t.Errorf("IsAbsPath(%q) = %v", p, !want)
		}
	}
}
