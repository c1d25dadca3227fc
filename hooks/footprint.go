package hooks

import (
	"path"
	"slices"
	"strings"

	"github.com/dos-go/dos/internal/shell"
	"github.com/dos-go/dos/vocab"
)

// Footprint is what a tool call writes, as dos can tell from its input:
// the paths, resolved against the call's cwd and made relative to the
// workspace. A command dos cannot read fully is not Known.
type Footprint struct {
	Paths   []string // workspace-relative, cleaned, '/'-separated, sorted, unique; "." is the whole tree
	Outside []string // paths that resolve outside the workspace (absolute, or ~…)
	Known   bool     // every write of the call is accounted for
}

// Writes reports whether the call writes anything, or might.
func (f Footprint) Writes() bool { return len(f.Paths) > 0 || len(f.Outside) > 0 || !f.Known }

// Empty reports a call known to write nothing: a read, a no-write command.
func (f Footprint) Empty() bool { return !f.Writes() }

// fp accumulates a footprint.
type fp struct {
	ws, cwd  string
	cwdKnown bool
	paths    []string
	outside  []string
	known    bool
}

// add resolves one path the call writes.
func (f *fp) add(p string) {
	p = strings.ReplaceAll(strings.TrimSpace(p), `\`, "/")
	if p == "" {
		return
	}
	if strings.HasPrefix(p, "~") {
		f.outside = appendUnique(f.outside, p)
		return
	}
	if !path.IsAbs(p) && !f.cwdKnown {
		f.known = false
		return
	}
	rel, ok := Relative(f.ws, f.cwd, p)
	if !ok {
		f.outside = appendUnique(f.outside, path.Join(f.cwd, p))
		return
	}
	f.paths = appendUnique(f.paths, rel)
}

func appendUnique(xs []string, s string) []string {
	if slices.Contains(xs, s) {
		return xs
	}
	return append(xs, s)
}

// Relative resolves p (absolute, or relative to cwd) and returns it
// relative to the workspace ws ("." for ws itself); ok is false when it
// leaves ws. Either platform's spelling is read (vocab.RelativeToWorkspace):
// a Windows agent's C:\repo\web\b.js is a path in the workspace, never a
// relative one.
func Relative(ws, cwd, p string) (string, bool) { return vocab.RelativeToWorkspace(ws, cwd, p) }

// FootprintOf computes what event e writes. ws is the workspace (absolute,
// '/'-separated); parse splits shell commands.
func FootprintOf(e Event, ws string, parse ShellParser) Footprint {
	f := &fp{ws: path.Clean(ws), cwd: path.Clean(ws), cwdKnown: true, known: true}
	if c := vocab.SlashPath(e.CWD); c != "" {
		if vocab.IsAbsPath(c) {
			f.cwd = path.Clean(c)
		} else {
			f.cwd = path.Join(f.ws, c)
		}
	}
	switch {
	case ReadOnlyTool(e.Tool), strings.HasPrefix(e.HostTool, "mcp__dos__"):
	case e.Tool == ToolBash:
		f.shell(e.Command, parse)
	case len(e.Paths) > 0:
		for _, p := range e.Paths {
			f.add(p)
		}
	default: // a write tool without a path, an MCP tool, anything else
		f.known = false
	}
	slices.Sort(f.paths)
	return Footprint{Paths: f.paths, Outside: f.outside, Known: f.known}
}

// shell adds the writes of a command line.
func (f *fp) shell(cmd string, parse ShellParser) {
	if strings.TrimSpace(cmd) == "" {
		return
	}
	cmds, err := parse(cmd)
	if err != nil {
		f.known = false
		return
	}
	for _, c := range cmds {
		for _, w := range c.Writes {
			f.word(w)
		}
		f.command(c.Args)
	}
}

// word adds a written word: a literal path, or an unknown.
func (f *fp) word(w Word) {
	if !w.Literal {
		f.known = false
		return
	}
	switch w.Text {
	case "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty":
		return
	}
	if strings.HasPrefix(w.Text, "&") || strings.HasPrefix(w.Text, "/dev/fd/") {
		return
	}
	f.add(w.Text)
}

// command adds the writes of one simple command's words.
func (f *fp) command(args []Word) {
	args = skipWrappers(args)
	if len(args) == 0 {
		return
	}
	if !args[0].Literal {
		f.known = false
		return
	}
	prog := strings.ToLower(path.Base(args[0].Text))
	rest := args[1:]
	switch {
	case prog == "cd" || prog == "pushd":
		f.cd(rest)
	case prog == "xargs":
		if len(rest) > 0 {
			f.known = false // its program's arguments come from stdin
		}
	case prog == "git":
		f.git(rest)
	case prog == "find":
		if hasAny(rest, "-delete", "-exec", "-execdir", "-ok", "-okdir", "-fprint", "-fprintf", "-fls") {
			f.findRoots(rest)
		}
	case shell.IsShell(prog) && hasAny(rest, "-c"):
		// sh -c SCRIPT: the parser has already walked SCRIPT's commands.
	case prog == "sed" || prog == "perl":
		if inPlace(rest) {
			skip := 1
			if hasAny(rest, "-e", "-f", "--expression", "--file") {
				skip = 0
			}
			f.operands(rest, skip, "-e", "-f", "--expression", "--file")
		}
	case prog == "dd":
		for _, a := range rest {
			if of, ok := strings.CutPrefix(a.Text, "of="); ok {
				f.word(Word{Text: of, Literal: a.Literal})
			}
		}
	case prog == "tar" || prog == "unzip" || prog == "cpio":
		f.known = false // an archive's members are not on the command line
	case slices.Contains(writerPrograms, prog):
		if n := f.operands(rest, 0, "-m", "--mode", "-o", "-g", "--owner", "--group", "-S", "--suffix"); n == 0 && prog == "patch" {
			f.known = false // the patch on stdin names the files
		}
	case slices.Contains(readOnlyPrograms, prog):
	default:
		if n := f.pathShaped(rest); n == 0 {
			f.known = false
		}
	}
}

// writerPrograms write every operand they are given.
var writerPrograms = []string{"rm", "mv", "cp", "tee", "touch", "mkdir", "rmdir", "ln", "chmod", "chown", "chgrp",
	"truncate", "install", "patch", "unlink", "shred", "rsync"}

// readOnlyPrograms write nothing but their redirections.
var readOnlyPrograms = []string{"cat", "grep", "egrep", "fgrep", "rg", "ag", "head", "tail", "wc", "ls", "stat", "du", "df",
	"pwd", "echo", "printf", "which", "type", "diff", "cmp", "cut", "tr", "nl", "basename", "dirname", "realpath",
	"readlink", "md5sum", "sha1sum", "sha256sum", "sort", "uniq", "jq", "less", "more", "file", "tree", "true",
	"false", "test", "[", "date", "printenv", "whoami", "id", "uname", "hostname", "sleep", "gh", "exit",
	"export", "set", "unset", "read", "wait", "column", "fold", "comm", "join", "paste", "rev", "seq", "yes", "od", "xxd", "hexdump", "strings"}

// gitTreeWriters change the work tree; with no path operands they may
// change all of it, which dos cannot bound.
var gitTreeWriters = []string{"checkout", "restore", "reset", "rm", "mv", "clean", "apply", "am", "stash", "pull",
	"merge", "rebase", "cherry-pick", "revert", "switch"}

func (f *fp) git(args []Word) {
	// Skip global options (-C dir, -c k=v, --no-pager …).
	i := 0
	for i < len(args) && strings.HasPrefix(args[i].Text, "-") {
		if t := args[i].Text; (t == "-C" || t == "-c") && i+1 < len(args) {
			i++
		}
		i++
	}
	if i >= len(args) {
		return
	}
	sub := args[i].Text
	if !slices.Contains(gitTreeWriters, sub) {
		return // log, diff, status, add, commit, push …: the work tree is untouched
	}
	if n := f.operands(args[i+1:], 0); n == 0 {
		f.known = false
	}
}

// operands adds every non-option word after the first skip ones, and
// returns how many it added. The word after a valued option is its value,
// not an operand.
func (f *fp) operands(args []Word, skip int, valued ...string) int {
	n, dashdash, value := 0, false, false
	for _, a := range args {
		if value {
			value = false
			continue
		}
		if !dashdash && a.Literal {
			if a.Text == "--" {
				dashdash = true
				continue
			}
			if strings.HasPrefix(a.Text, "-") {
				value = slices.Contains(valued, a.Text)
				continue
			}
		}
		if skip > 0 {
			skip--
			continue
		}
		f.word(a)
		n++
	}
	return n
}

// findRoots adds find's starting points (the words before its first
// expression), "." when there are none.
func (f *fp) findRoots(args []Word) {
	n := 0
	for _, a := range args {
		if a.Literal && (strings.HasPrefix(a.Text, "-") || a.Text == "(" || a.Text == "!") {
			break
		}
		f.word(a)
		n++
	}
	if n == 0 {
		f.add(".")
	}
}

// pathShaped adds the words that look like paths (a '/' or a dotted last
// segment, not an option, not a URL) and returns how many.
func (f *fp) pathShaped(args []Word) int {
	n := 0
	for _, a := range args {
		if !a.Literal {
			continue
		}
		t := a.Text
		if strings.HasPrefix(t, "-") || strings.Contains(t, "://") || strings.ContainsAny(t, "=\n") {
			continue
		}
		last := t[strings.LastIndex(t, "/")+1:]
		if strings.Contains(t, "/") || (strings.Contains(last, ".") && strings.Trim(last, ".") != "") {
			f.word(a)
			n++
		}
	}
	return n
}

func (f *fp) cd(args []Word) {
	for _, a := range args {
		if a.Literal && strings.HasPrefix(a.Text, "-") && a.Text != "-" {
			continue
		}
		if !a.Literal || a.Text == "-" || strings.HasPrefix(a.Text, "~") {
			f.cwdKnown = false
			return
		}
		p := strings.ReplaceAll(a.Text, `\`, "/")
		if path.IsAbs(p) {
			f.cwd = path.Clean(p)
		} else if f.cwdKnown {
			f.cwd = path.Join(f.cwd, p)
		}
		return
	}
	f.cwd = "~" // bare cd goes home
	f.cwdKnown = false
}

func hasAny(args []Word, opts ...string) bool {
	for _, a := range args {
		if slices.Contains(opts, a.Text) {
			return true
		}
	}
	return false
}

func inPlace(args []Word) bool {
	for _, a := range args {
		t := a.Text
		if t == "-i" || strings.HasPrefix(t, "-i.") || strings.HasPrefix(t, "--in-place") || (strings.HasPrefix(t, "-") && !strings.HasPrefix(t, "--") && strings.Contains(t, "i") && len(t) <= 4) {
			return true
		}
	}
	return false
}

// wrappers run the next word as the program.
var wrappers = []string{"env", "sudo", "doas", "nice", "nohup", "time", "command", "timeout", "stdbuf", "ionice", "setsid", "exec", "builtin"}

// skipWrappers drops leading wrappers, their options and VAR=x words.
func skipWrappers(args []Word) []Word {
	for len(args) > 0 {
		a := args[0]
		if !a.Literal {
			return args
		}
		prog := path.Base(a.Text)
		if !slices.Contains(wrappers, prog) {
			return args
		}
		args = args[1:]
		for len(args) > 0 && args[0].Literal && (strings.HasPrefix(args[0].Text, "-") || isAssign(args[0].Text)) {
			opt := args[0].Text
			args = args[1:]
			if (prog == "sudo" && (opt == "-u" || opt == "-g")) || (prog == "nice" && opt == "-n") {
				if len(args) > 0 {
					args = args[1:]
				}
			}
		}
		if prog == "timeout" && len(args) > 0 {
			args = args[1:] // the duration
		}
	}
	return args
}

func isAssign(s string) bool {
	name, _, ok := strings.Cut(s, "=")
	return ok && name != "" && !strings.ContainsAny(name, "/.-")
}
