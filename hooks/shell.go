package hooks

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// STAND-IN, to be replaced by internal/shell (issue 11) once it lands:
// that package is the one shell parser dos has, shared with
// exec-capability. Until then ParseShell walks mvdan.cc/sh's syntax tree
// itself. The footprint rules (footprint.go) only see SimpleCommand, so
// swapping the parser changes nothing above it.

// Word is one shell word: its text when it is a literal (quotes
// resolved), and whether it was one. A word built from $VAR, $(…) or a
// glob dos cannot expand is not literal.
type Word struct {
	Text    string
	Literal bool
}

// SimpleCommand is one simple command: its words (assignments excluded)
// and the targets of its output redirections (>, >>, &>, >|, <>).
type SimpleCommand struct {
	Args   []Word
	Writes []Word
}

// ShellParser splits a command line into its simple commands in source
// order, recursing into $(…), subshells, pipelines and `sh -c` strings.
type ShellParser func(src string) ([]SimpleCommand, error)

// ParseShell is the stand-in ShellParser (see the note at the top).
func ParseShell(src string) ([]SimpleCommand, error) { return parseShell(src, 0) }

const maxShellDepth = 4

func parseShell(src string, depth int) ([]SimpleCommand, error) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
	if err != nil {
		return nil, err
	}
	var out []SimpleCommand
	var inner error
	syntax.Walk(f, func(n syntax.Node) bool {
		st, ok := n.(*syntax.Stmt)
		if !ok || inner != nil {
			return inner == nil
		}
		var sc SimpleCommand
		for _, r := range st.Redirs {
			switch r.Op {
			case syntax.RdrOut, syntax.AppOut, syntax.RdrAll, syntax.AppAll, syntax.RdrClob, syntax.RdrInOut:
				if r.Word != nil {
					sc.Writes = append(sc.Writes, word(r.Word))
				}
			}
		}
		call, isCall := st.Cmd.(*syntax.CallExpr)
		if isCall {
			for _, a := range call.Args {
				sc.Args = append(sc.Args, word(a))
			}
		}
		if isCall || len(sc.Writes) > 0 {
			out = append(out, sc)
		}
		if isCall && depth < maxShellDepth {
			if script, ok := shellScript(sc.Args); ok {
				sub, err := parseShell(script, depth+1)
				if err != nil {
					inner = err
					return false
				}
				out = append(out, sub...)
			}
		}
		return true
	})
	if inner != nil {
		return nil, inner
	}
	return out, nil
}

// shellScript returns the script of `sh -c SCRIPT` (bash, zsh, dash …).
func shellScript(args []Word) (string, bool) {
	if len(args) < 3 || !args[0].Literal {
		return "", false
	}
	switch path.Base(args[0].Text) {
	case "sh", "bash", "zsh", "dash", "ksh", "ash":
	default:
		return "", false
	}
	for i := 1; i+1 < len(args); i++ {
		if args[i].Literal && args[i].Text == "-c" {
			return args[i+1].Text, args[i+1].Literal
		}
	}
	return "", false
}

// word resolves a syntax word to its literal text, if it has one.
func word(w *syntax.Word) Word {
	var b strings.Builder
	lit := true
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			b.WriteString(unescape(x.Value))
		case *syntax.SglQuoted:
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				if l, ok := q.(*syntax.Lit); ok {
					b.WriteString(l.Value)
				} else {
					lit = false
				}
			}
		default:
			lit = false
		}
	}
	return Word{Text: b.String(), Literal: lit}
}

// unescape drops the backslashes of an unquoted literal (a\ b is "a b").
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
