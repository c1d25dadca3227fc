package shell

import (
	"fmt"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// MaxDepth bounds how deeply command strings may nest (sh -c 'sh -c …');
// a deeper line is an error, so a caller judging safety fails closed and
// the cost of a parse stays bounded.
const MaxDepth = 8

// Script is a parsed command line.
type Script struct {
	// Commands are every simple command, in source order, each command
	// found in another's -c string or -exec operands after that command.
	Commands []Command
	// Redirects are every redirection in the line, those on compound
	// commands included, in the order the walk meets them: a compound
	// command's own before those of the commands inside it.
	Redirects []Redirect
}

// Command is one simple command.
type Command struct {
	Assigns  []Word     // NAME=value words before the command
	Args     []Word     // the command's words, the program first
	Redirs   []Redirect // the redirections written on this command
	Prog     int        // index in Args of the program run once wrappers are skipped; -1 when none runs
	Wrappers []int      // indexes in Args of the exec wrappers skipped to reach Prog
	Parent   int        // index in Script.Commands of the command whose string or operands held this one; -1 when none
	Depth    int        // how many command strings deep it sits (0: the line itself)
}

// Program is the word of the program the command runs, and false when
// none runs (a bare assignment, a wrapper with nothing after it).
func (c Command) Program() (Word, bool) {
	if c.Prog < 0 || c.Prog >= len(c.Args) {
		return Word{}, false
	}
	return c.Args[c.Prog], true
}

// Redirect is one redirection.
type Redirect struct {
	Fd     string // the explicit file descriptor (2 in 2>), "" for the operator's default
	Op     string // >, >>, >|, &>, &>>, <, <>, <&, >&, <<, <<-, <<<
	Target Word   // the file, descriptor or here-string; the body for a here-document
	// Writes reports that Op opens Target as a file for writing: >, >>,
	// >|, &>, &>>, <>, and >& whose target is not a descriptor.
	Writes bool
	Cmd    int // index in Script.Commands of the simple command it is written on; -1 on a compound command
}

// Parse reads src with bash's grammar. A line that does not parse, or
// whose command strings nest deeper than MaxDepth, is an error.
func Parse(src string) (*Script, error) {
	s := &Script{}
	if err := s.parse(src, -1, 0); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Script) parse(src string, parent, depth int) error {
	if depth > MaxDepth {
		return tooDeep()
	}
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
	if err != nil {
		return err
	}
	var werr error
	syntax.Walk(f, func(n syntax.Node) bool {
		st, ok := n.(*syntax.Stmt)
		if !ok || werr != nil {
			return werr == nil
		}
		idx := -1
		switch c := st.Cmd.(type) {
		case *syntax.CallExpr:
			cmd := Command{Parent: parent, Depth: depth, Prog: -1}
			for _, a := range c.Assigns {
				cmd.Assigns = append(cmd.Assigns, assign(src, a))
			}
			for _, w := range c.Args {
				cmd.Args = append(cmd.Args, word(src, w))
			}
			idx = s.add(cmd)
		case *syntax.DeclClause: // declare, local, export, readonly, typeset
			cmd := Command{Parent: parent, Depth: depth, Prog: 0, Args: []Word{lit(c.Variant.Value)}}
			for _, a := range c.Args {
				cmd.Args = append(cmd.Args, assign(src, a))
			}
			idx = s.add(cmd)
		}
		for _, r := range st.Redirs {
			rd := redirect(src, r, idx)
			s.Redirects = append(s.Redirects, rd)
			if idx >= 0 {
				s.Commands[idx].Redirs = append(s.Commands[idx].Redirs, rd)
			}
		}
		if _, call := st.Cmd.(*syntax.CallExpr); call {
			werr = s.resolve(idx)
		}
		return werr == nil
	})
	return werr
}

func tooDeep() error { return fmt.Errorf("command strings nested more than %d deep", MaxDepth) }

func (s *Script) add(c Command) int {
	s.Commands = append(s.Commands, c)
	return len(s.Commands) - 1
}

// assign reads NAME=value (or NAME+=value, NAME[i]=value, NAME=(…)) as one word.
func assign(src string, a *syntax.Assign) Word {
	start, end := a.Pos().Offset(), a.End().Offset()
	raw := src[start:end]
	w := Word{Raw: raw, Value: raw, Literal: false}
	if a.Name != nil && a.Index == nil && a.Array == nil && !a.Append {
		w.Value, w.Literal = a.Name.Value+"=", true
		if a.Value != nil {
			v := word(src, a.Value)
			w.Value += v.Value
			w.Literal = v.Literal
		}
	}
	return w
}

func redirect(src string, r *syntax.Redirect, cmd int) Redirect {
	out := Redirect{Op: r.Op.String(), Cmd: cmd}
	if r.N != nil {
		out.Fd = r.N.Value
	}
	switch {
	case r.Hdoc != nil:
		out.Target = word(src, r.Hdoc)
	case r.Word != nil:
		out.Target = word(src, r.Word)
	}
	switch r.Op {
	case syntax.RdrOut, syntax.AppOut, syntax.RdrClob, syntax.RdrAll, syntax.RdrAllClob, syntax.AppAll, syntax.AppAllClob, syntax.RdrInOut:
		out.Writes = true
	case syntax.DplOut: // >&2 duplicates a descriptor; >&file (bash) writes file
		v := out.Target.Value
		out.Writes = !out.Target.Literal || !(v == "-" || isDigits(strings.TrimSuffix(v, "-")))
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
