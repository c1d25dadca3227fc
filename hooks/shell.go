package hooks

import (
	"github.com/dos-go/dos/internal/shell"
)

// The footprint reads shell commands through internal/shell, the one shell
// parser dos has (exec-capability reads the same walk): every simple
// command the line can run — in lists, pipelines, $(…), subshells and the
// strings handed to sh -c — and every redirection. The footprint rules
// (footprint.go) see only SimpleCommand, so they stay testable with any
// parser.

// Word is one shell word: its text when it is a literal (quotes
// resolved), and whether it was one. A word built from $VAR, $(…) or a
// glob dos cannot expand is not literal.
type Word struct {
	Text    string
	Literal bool
}

// SimpleCommand is one simple command: its words from the program on
// (exec wrappers skipped, except xargs, whose program reads its operands
// from stdin) and the targets of the output redirections written on it.
type SimpleCommand struct {
	Args   []Word
	Writes []Word
}

// ShellParser splits a command line into its simple commands in source
// order, recursing into $(…), subshells, pipelines and `sh -c` strings.
type ShellParser func(src string) ([]SimpleCommand, error)

// ParseShell is the ShellParser over internal/shell.
func ParseShell(src string) ([]SimpleCommand, error) {
	s, err := shell.Parse(src)
	if err != nil {
		return nil, err
	}
	var out []SimpleCommand
	for _, c := range s.Commands {
		var sc SimpleCommand
		for _, r := range c.Redirs {
			if r.Writes {
				sc.Writes = append(sc.Writes, word(r.Target))
			}
		}
		if c.Prog >= 0 && c.Prog < len(c.Args) {
			for _, i := range c.Wrappers {
				if shell.Base(c.Args[i].Value) == "xargs" {
					sc.Args = append(sc.Args, word(c.Args[i]))
				}
			}
			for _, a := range c.Args[c.Prog:] {
				sc.Args = append(sc.Args, word(a))
			}
			if script, literal := shellScript(sc.Args); !literal && script {
				// sh -c with a string computed at run time: nothing dos can read.
				sc.Args = []Word{{Literal: false}}
			}
		}
		if len(sc.Args) > 0 || len(sc.Writes) > 0 {
			out = append(out, sc)
		}
	}
	// Redirections on compound commands ({ a; b; } > log) belong to none.
	for _, r := range s.Redirects {
		if r.Cmd < 0 && r.Writes {
			out = append(out, SimpleCommand{Writes: []Word{word(r.Target)}})
		}
	}
	return out, nil
}

func word(w shell.Word) Word { return Word{Text: w.Value, Literal: w.Literal} }

// shellScript reports whether args run a shell with -c, and whether its
// script operand is a literal (which the parser has already walked).
func shellScript(args []Word) (isScript, literal bool) {
	if len(args) < 2 || !args[0].Literal || !shell.IsShell(shell.Base(args[0].Text)) {
		return false, false
	}
	for i := 1; i < len(args); i++ {
		if args[i].Literal && args[i].Text == "-c" {
			if i+1 >= len(args) {
				return true, true
			}
			return true, args[i+1].Literal
		}
	}
	return false, false
}
