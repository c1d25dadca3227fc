package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Word is one shell word.
type Word struct {
	// Value is the word after quote removal. It is exact only when
	// Literal is set; otherwise it holds the literal pieces with every
	// expansion left out, and must not be taken as what the shell passes.
	Value string
	// Raw is the word's source text, quotes and backslashes included.
	Raw string
	// Literal reports a word the shell passes unchanged but for quote
	// removal: no parameter, command, arithmetic or process substitution,
	// no $'…' or $"…", and no unquoted glob (* ? [) or brace ({a,b}
	// {1..3}) that could expand it into other words.
	Literal bool
}

// word reads w, whose source is src.
func word(src string, w *syntax.Word) Word {
	out := Word{Raw: src[w.Pos().Offset():w.End().Offset()], Literal: true}
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			v, exact := unquoted(p.Value)
			b.WriteString(v)
			out.Literal = out.Literal && exact
		case *syntax.SglQuoted:
			if p.Dollar { // $'…' decodes escapes: not read here
				out.Literal = false
				continue
			}
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			if p.Dollar { // $"…" is translated at run time
				out.Literal = false
			}
			for _, q := range p.Parts {
				if l, ok := q.(*syntax.Lit); ok {
					b.WriteString(unescapeDouble(l.Value))
				} else {
					out.Literal = false
				}
			}
		default:
			out.Literal = false
		}
	}
	out.Value = b.String()
	return out
}

// lit is a literal word made by this package (a split -S string's word).
func lit(s string) Word { return Word{Value: s, Raw: s, Literal: true} }

// unquoted removes the backslashes of an unquoted literal and reports
// whether it is exact: no unescaped glob character and no brace
// expansion.
func unquoted(s string) (string, bool) {
	if !strings.ContainsAny(s, "\\*?[{") {
		return s, true
	}
	var b strings.Builder
	exact := true
	open := -1 // offset in b of an unescaped '{'
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			if s[i] != '\n' {
				b.WriteByte(s[i])
			}
			continue
		case c == '*' || c == '?' || c == '[':
			exact = false
		case c == '{':
			open = b.Len()
		case c == '}' && open >= 0:
			if in := b.String()[open+1:]; strings.Contains(in, ",") || strings.Contains(in, "..") {
				exact = false
			}
			open = -1
		}
		b.WriteByte(c)
	}
	return b.String(), exact
}

// unescapeDouble removes the backslashes that escape inside "…".
func unescapeDouble(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`\n", s[i+1]) >= 0 {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
