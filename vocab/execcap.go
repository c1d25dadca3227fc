package vocab

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/dos-go/dos/internal/shell"
)

// exec-capability: does a command grant arbitrary code execution? The
// line is parsed once with bash's grammar (internal/shell) and the program
// of every simple command it can run — never a substring of the text —
// is classified, with its exec wrappers skipped and each wrapper judged too.

// Program classes that grant arbitrary execution.
var (
	interpreters = []string{"python", "pypy", "pypy3", "node", "nodejs", "deno", "bun", "tsx", "ts-node", "ruby", "irb", "perl", "php", "lua", "luajit", "tclsh", "wish", "rscript", "julia", "osascript", "java", "jshell", "groovy", "scala", "erl", "elixir", "ghci", "runghc", "guile", "racket", "awk", "gawk", "mawk", "eval", "source", "."}
	shells       = []string{"sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "csh", "tcsh", "ash", "yash", "posh", "busybox", "cmd", "powershell", "pwsh"}
	runners      = []string{"npx", "pnpx", "bunx", "uvx", "pipx", "npm", "pnpm", "yarn", "uv", "poetry", "pdm", "hatch", "pipenv", "conda", "mamba", "cargo", "go", "dotnet", "gradle", "mvn", "make", "rake"}
	// execGrants run a command the line does not spell out, or run one
	// with another's authority: a grant whatever they run.
	execGrants = []string{"sudo", "doas", "su", "xargs", "exec", "ssh", "watch", "parallel"}
)

// Classes an ExecShape names.
const (
	ExecClassInterpreter = "interpreter"
	ExecClassShell       = "shell"
	ExecClassRunner      = "package-runner"
	ExecClassWrapper     = "exec-wrapper" // sudo, xargs, env -S, …: a grant in itself
	ExecClassDynamic     = "dynamic"      // the program word is computed at run time
	ExecClassExtra       = "extra"
	ExecClassUnparsable  = "unparsable"
)

// versioned reports a versioned interpreter name: python3, python3.11, node18.
func versioned(prog string) bool {
	for _, base := range []string{"python", "pypy", "ruby", "perl", "php", "lua", "node"} {
		if v, ok := strings.CutPrefix(prog, base); ok && v != "" && isDigit(v[0]) && strings.Trim(v, "0123456789.") == "" {
			return true
		}
	}
	return false
}

// ExecShape is what the classifier saw, for the record's detail.
type ExecShape struct {
	Words, Wrappers, Assignments, Segments int
	Class, Matched                         string
}

// ClassifyExecCapability classifies command: a line that does not parse →
// GRANTS_ARBITRARY_EXEC (unparsable: fail closed); any simple command that
// runs an interpreter, shell or package runner (basename, lower-cased,
// ".exe" stripped), a program named in extra, a program word computed at
// run time, or goes through an exec wrapper that is a grant in itself
// (sudo, doas, su, xargs, exec, ssh, watch, parallel, env -S) →
// GRANTS_ARBITRARY_EXEC; no program anywhere → EMPTY; else BOUNDED.
func ClassifyExecCapability(command string, extra []string) (Verdict, ExecShape) {
	var sh ExecShape
	if strings.TrimSpace(command) == "" {
		return Verdictf(VerdictEmpty, ReasonBlank, "no program to run"), sh
	}
	script, err := shell.Parse(command)
	if err != nil {
		sh.Class = ExecClassUnparsable
		return Verdictf(VerdictGrantsExec, ReasonUnparsable, "the command does not parse as a shell line: judged as arbitrary code execution (fail closed)"), sh
	}
	extraSet := map[string]bool{}
	for _, e := range extra {
		if e = shell.Base(e); e != "" {
			extraSet[e] = true
		}
	}
	sawProgram := false
	for _, c := range script.Commands {
		sh.Segments++
		sh.Words += len(c.Args) + len(c.Assigns)
		sh.Wrappers += len(c.Wrappers)
		sh.Assignments += len(c.Assigns)
		class, matched := classifyCommand(c, extraSet)
		if _, ok := c.Program(); ok {
			sawProgram = true
		} else if class != "" {
			sawProgram = true // a wrapper that grants, with nothing after it (sudo -s)
		}
		if class != "" && sh.Class == "" {
			sh.Class, sh.Matched = class, matched
		}
	}
	switch {
	case sh.Class == ExecClassDynamic:
		return Verdictf(VerdictGrantsExec, ReasonArbitrary, "runs a program named only at run time: arbitrary code execution"), sh
	case sh.Class != "":
		return Verdictf(VerdictGrantsExec, ReasonArbitrary, "runs %s (%s): arbitrary code execution", sh.Matched, sh.Class), sh
	case !sawProgram:
		return Verdictf(VerdictEmpty, ReasonBlank, "no program to run"), sh
	}
	return Verdictf(VerdictBounded, ReasonBoundedP, "no interpreter, shell or package runner among %d command(s)", sh.Segments), sh
}

// classifyCommand judges one simple command: its program first, then the
// wrappers it went through.
func classifyCommand(c shell.Command, extra map[string]bool) (class, matched string) {
	if w, ok := c.Program(); ok {
		if !w.Literal {
			return ExecClassDynamic, ""
		}
		// A backslash before an ordinary byte is a path separator on
		// Windows and vanishes in a POSIX shell (py\thon runs python):
		// either reading that grants exec counts.
		for _, p := range []string{shell.Base(w.Value), shell.Base(w.Raw), shell.Base(strings.ReplaceAll(w.Raw, `\`, ""))} {
			if class := classOf(p, extra); class != "" {
				return class, p
			}
		}
	}
	for _, i := range c.Wrappers {
		name := shell.Base(c.Args[i].Value)
		switch {
		case slices.Contains(execGrants, name):
			return ExecClassWrapper, name
		case name == "env" && splitsString(c.Args[i+1:]):
			return ExecClassWrapper, "env -S"
		case extra[name]:
			return ExecClassExtra, name
		}
	}
	return "", ""
}

// splitsString reports env's -S/--split-string among its options.
func splitsString(rest []shell.Word) bool {
	for _, w := range rest {
		v := w.Value
		switch {
		case v == "--" || !strings.HasPrefix(v, "-"):
			return false
		case strings.HasPrefix(v, "-S"), strings.HasPrefix(v, "--split-string"):
			return true
		}
	}
	return false
}

// CommandSHA256 is the hex digest kept in place of the command text.
func CommandSHA256(command string) string {
	s := sha256.Sum256([]byte(command))
	return hex.EncodeToString(s[:])
}

func classOf(prog string, extra map[string]bool) string {
	switch {
	case slices.Contains(shells, prog):
		return ExecClassShell
	case slices.Contains(interpreters, prog) || versioned(prog):
		return ExecClassInterpreter
	case slices.Contains(runners, prog):
		return ExecClassRunner
	case slices.Contains(execGrants, prog):
		return ExecClassWrapper
	case extra[prog]:
		return ExecClassExtra
	}
	return ""
}
