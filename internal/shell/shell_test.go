package shell

import (
	"strings"
	"testing"
)

// programs renders the program of every command: "name" at depth 0,
// ">name" one command string deep, "?" for a program the shell computes,
// "-" when none runs.
func programs(s *Script) string {
	var out []string
	for _, c := range s.Commands {
		p := "-"
		if w, ok := c.Program(); ok {
			p = Base(w.Value)
			if !w.Literal {
				p = "?"
			}
		}
		out = append(out, strings.Repeat(">", c.Depth)+p)
	}
	return strings.Join(out, " ")
}

func TestParse_EveryCommandWhereverItSits(t *testing.T) {
	cases := []struct{ line, want string }{
		{"ls -la", "ls"},
		{"ls; python x", "ls python"},
		{"a && b || c", "a b c"},
		{"cat f | sh", "cat sh"},
		{"if true; then python x; fi", "true python"},
		{"if a; then b; elif c; then d; else e; fi", "a b c d e"},
		{"for f in a b; do python $f; done", "python"},
		{"while read l; do node x; done < in", "read node"},
		{"until false; do ruby; done", "false ruby"},
		{"case $x in a) perl;; *) php;; esac", "perl php"},
		{"{ python x; }", "python"},
		{"(cd x && sh y)", "cd sh"},
		{"f() { python; }; f", "python f"},
		{"function g { bash; }", "bash"},
		{"! python x", "python"},
		{"coproc python", "python"},
		{"coproc NAME { node x; }", "node"},
		{"time python x", "python"},
		{"echo $(python -c 1)", "echo python"},
		{"echo `node x`", "echo node"},
		{`echo "$(bash -c x)"`, "echo bash >x"},
		{"diff <(python a) >(perl b)", "diff python perl"},
		{"X=$(python) ls", "ls python"},
		{"X=1", "-"},
		{"local y=$(python)", "local python"},
		{"echo ${X:-$(python)}", "echo python"},
		{"ls > $(python)", "ls python"},
		{"[[ $(python) ]]", "python"},
		{"bash -c 'python x; ls'", "bash >python >ls"},
		{"sh -lc 'node x'", "sh >node"},
		{"bash -x -c \"ruby\"", "bash >ruby"},
		{"bash script.sh", "bash"},
		{"bash -c \"$CMD\"", "bash"},
		{"sudo sh -c 'bash -c \"python\"'", "sh >bash >>python"},
		{"su -c 'rm x' root", "su >rm"},
		{"env -S 'python -c 1'", "- >python"},
		{"env -i A=1 -- B=2 node", "node"},
		{"nice -n 5 nohup timeout -s KILL 5 python x", "python"},
		{"command -v python", "-"},
		{"command python", "python"},
		{"xargs -n 1 rm", "rm"},
		{"find . -name x -exec python {} \\; -exec rm {} +", "find >python >rm"},
		{"flock /tmp/l -c 'make x'", "- >make"},
		{"watch -n 1 'ps aux'", "watch >ps"},
		{"bash <<'EOF'\npython x\nEOF", "bash >python"},
		{"$X -c 1", "?"},
		{"\"$(which python)\" x", "? which"},
		{"pyth*n x", "?"},
		{"{python,-c,1}", "?"},
		{"$'python' x", "?"},
		{`py\thon -c 1`, "python"},
		{`"python" x`, "python"},
		{`'py'thon x`, "python"},
	}
	for _, c := range cases {
		s, err := Parse(c.line)
		if err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		if got := programs(s); got != c.want {
			t.Errorf("%q → %s, want %s", c.line, got, c.want)
		}
	}
}

func TestParse_Redirections(t *testing.T) {
	s, err := Parse("{ echo a > out.txt; cat < in; } >> log 2>&1 &> all; tee -a t >&file 2>&-")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range s.Redirects {
		w := "r"
		if r.Writes {
			w = "w"
		}
		got = append(got, r.Fd+r.Op+r.Target.Value+":"+w)
	}
	want := ">>log:w 2>&1:r &>all:w >out.txt:w <in:r >&file:w 2>&-:r" // a block's own first
	if strings.Join(got, " ") != want {
		t.Fatalf("redirects %q\nwant      %q", strings.Join(got, " "), want)
	}
	if n := len(s.Commands[0].Redirs); n != 1 || s.Commands[0].Redirs[0].Target.Value != "out.txt" {
		t.Fatalf("echo's own redirects: %+v", s.Commands[0].Redirs)
	}
	if s.Redirects[0].Cmd != -1 {
		t.Fatalf("the block's redirect names command %d, want -1", s.Redirects[2].Cmd)
	}
}

func TestParse_WordsAndWrappers(t *testing.T) {
	s, err := Parse(`A=1 sudo -u root nice "my file" 'b c' d\ e $HOME`)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Commands[0]
	if len(c.Assigns) != 1 || c.Assigns[0].Value != "A=1" || !c.Assigns[0].Literal {
		t.Fatalf("assigns %+v", c.Assigns)
	}
	if c.Prog != 4 || len(c.Wrappers) != 2 || c.Wrappers[0] != 0 || c.Wrappers[1] != 3 {
		t.Fatalf("prog %d wrappers %v", c.Prog, c.Wrappers)
	}
	vals := []string{"sudo", "-u", "root", "nice", "my file", "b c", "d e", ""}
	for i, w := range c.Args {
		if w.Value != vals[i] || w.Literal != (i < 7) {
			t.Errorf("word %d = %+v, want %q literal=%v", i, w, vals[i], i < 7)
		}
	}
	if c.Args[4].Raw != `"my file"` {
		t.Errorf("raw %q", c.Args[4].Raw)
	}
}

func TestParse_FailsOnWhatDoesNotParse(t *testing.T) {
	deep := "python"
	for i := 0; i <= MaxDepth+1; i++ {
		deep = "sh -c " + shQuote(deep)
	}
	for _, bad := range []string{"echo 'x", `echo "x`, "echo $(ls", "echo `ls", "if true; then", "a |", "(ls", deep} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
