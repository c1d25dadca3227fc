package hooks

import (
	"strings"
	"testing"
)

// TestFootprintOf_ShellWords pins what a command writes, as dos reads it
// from its shell words: the holes of a token scrape (no dotted path, a
// relative escape, dilution) are closed, and reads write nothing.
func TestFootprintOf_ShellWords(t *testing.T) {
	const ws = "/w"
	cases := []struct {
		cmd, cwd string
		paths    string // sorted, comma-joined; "" none
		outside  string
		known    bool
	}{
		{"cat web/b.js | grep x", "", "", "", true},
		{"git log -- web/b.js", "", "", "", true},
		{"git status && git diff HEAD~1", "", "", "", true},
		{"echo x > web/new", "", "web/new", "", true},
		{"echo z > web/b.js; cat a/b.c d/e.f g/h.i", "", "web/b.js", "", true},
		{"rm -rf web/", "", "web", "", true},
		{"cp x ../web/b.js", "/w/api", "api/x,web/b.js", "", true},
		{"sed -i s/x/y/ web/b.js", "", "web/b.js", "", true},
		{"sed -e s/x/y/ -i web/b.js", "", "web/b.js", "", true},
		{"sed s/x/y/ web/b.js", "", "", "", true},
		{"echo x > ../other/README.md", "", "", "/other/README.md", true},
		{"echo x > ../other/README.md", "/w/src/api", "src/other/README.md", "", true},
		{"touch ~/x", "", "", "~/x", true},
		{"cd web && rm b.js", "", "web/b.js", "", true},
		{"cd $DIR && rm b.js", "", "", "", false},
		{`bash -c "echo x > web/b.js"`, "", "web/b.js", "", true},
		{"echo $(tee web/b.js < /dev/null)", "", "web/b.js", "", true},
		{"echo x > $OUT", "", "", "", false},
		{"find . -name '*.o' -delete", "", ".", "", true},
		{"find . -name x", "", "", "", true},
		{"npm test", "", "", "", false},
		{"python gen.py out/x.json", "", "gen.py,out/x.json", "", true},
		{"ls | xargs rm", "", "", "", false},
		{"dd if=/dev/zero of=disk.img bs=1M count=1", "", "disk.img", "", true},
		{"git checkout -- web/b.js", "", "web/b.js", "", true},
		{"git pull", "", "", "", false},
		{"sudo -u www rm -f web/b.js", "", "web/b.js", "", true},
		{"FOO=1 env BAR=2 touch api/x", "", "api/x", "", true},
		{"echo 'unterminated", "", "", "", false},
		{"make 2>/dev/null", "", "", "", false},
		{"tar xzf a.tgz", "", "", "", false},
		{`sh -c "$CMD"`, "", "", "", false},
		{"{ echo a; echo b; } > web/x", "", "web/x", "", true},
		{"if true; then rm web/b.js; fi", "", "web/b.js", "", true},
		{"timeout 5 env A=1 nice -n 3 rm web/b.js", "", "web/b.js", "", true},
	}
	for _, c := range cases {
		e := Event{Tool: ToolBash, HostTool: "Bash", Command: c.cmd, CWD: c.cwd}
		f := FootprintOf(e, ws, ParseShell)
		if got := strings.Join(f.Paths, ","); got != c.paths || strings.Join(f.Outside, ",") != c.outside || f.Known != c.known {
			t.Errorf("%q (cwd %q): paths %q outside %q known %v; want %q %q %v", c.cmd, c.cwd, got, f.Outside, f.Known, c.paths, c.outside, c.known)
		}
	}
}

func TestFootprintOf_FileTools(t *testing.T) {
	cases := []struct {
		e     Event
		paths string
		empty bool
	}{
		{Event{Tool: ToolEdit, Paths: []string{"/w/web/b.js"}}, "web/b.js", false},
		{Event{Tool: ToolWrite, Paths: []string{`web\b.js`}, CWD: "/w"}, "web/b.js", false},
		{Event{Tool: ToolRead, Paths: []string{"/w/web/b.js"}}, "", true},
		{Event{Tool: ToolMCP, HostTool: "db"}, "", false},
		{Event{Tool: "mcp__dos__dos_verify", HostTool: "mcp__dos__dos_verify"}, "", true},
		{Event{Tool: ToolWrite}, "", false},
	}
	for _, c := range cases {
		f := FootprintOf(c.e, "/w", ParseShell)
		if strings.Join(f.Paths, ",") != c.paths || f.Empty() != c.empty {
			t.Errorf("%+v: %+v", c.e, f)
		}
	}
}

// TestFootprintOf_WindowsSpellings: an agent on Windows names files with
// drive letters and backslashes; they land in the workspace, and a path on
// another drive or share leaves it.
func TestFootprintOf_WindowsSpellings(t *testing.T) {
	cases := []struct {
		e       Event
		paths   string
		outside int
	}{
		{Event{Tool: ToolEdit, Paths: []string{`C:\repo\web\b.js`}}, "web/b.js", 0},
		{Event{Tool: ToolWrite, Paths: []string{`web\b.js`}, CWD: `C:\repo`}, "web/b.js", 0},
		{Event{Tool: ToolWrite, Paths: []string{`..\web\b.js`}, CWD: `C:\repo\api`}, "web/b.js", 0},
		{Event{Tool: ToolWrite, Paths: []string{`D:\other\x.go`}}, "", 1},
		{Event{Tool: ToolWrite, Paths: []string{`\\server\share\x.go`}}, "", 1},
	}
	for _, c := range cases {
		f := FootprintOf(c.e, "C:/repo", ParseShell)
		if strings.Join(f.Paths, ",") != c.paths || len(f.Outside) != c.outside {
			t.Errorf("%+v: %+v", c.e, f)
		}
	}
}

func TestPatchPaths(t *testing.T) {
	p := "*** Begin Patch\n*** Add File: a/new.go\n+x\n*** Update File: b/old.go\n*** Move to: b/moved.go\n*** Delete File: c/gone.go\n*** End Patch\n"
	if got := strings.Join(PatchPaths(p), ","); got != "a/new.go,b/old.go,b/moved.go,c/gone.go" {
		t.Fatal(got)
	}
}

func TestMarkerClaims(t *testing.T) {
	text := "done\n> DOS-CLAIM: AUTH AUTH2\n - DOS-CLAIM: AUTH AUTH2\nDOS-CLAIM: BILL BILL1 extra\nsay DOS-CLAIM: X X1\nDOS-CLAIM: $(x) y\nAUTH3 is finished"
	got := func(strict bool) string {
		var s []string
		for _, c := range MarkerClaims(text, strict) {
			s = append(s, c.Plan+"/"+c.Phase+"/"+c.Via)
		}
		return strings.Join(s, " ")
	}
	if g := got(false); g != "AUTH/AUTH2/marker" {
		t.Fatalf("markers: %s", g)
	}
	if g := got(true); g != "AUTH/AUTH2/marker AUTH/AUTH3/heuristic" {
		t.Fatalf("strict: %s", g)
	}
}
