package vocab

import (
	"strings"
	"testing"
	"time"
)

// The shell forms issue 11 found BOUNDED on main are the first block; a
// word-splitting classifier gets every one of them wrong.
func TestClassifyExecCapability_ShellGrammar(t *testing.T) {
	const (
		G = VerdictGrantsExec
		B = VerdictBounded
		E = VerdictEmpty
	)
	cases := []struct {
		cmd     string
		extra   []string
		token   string
		class   string
		matched string
	}{
		// compound commands, functions, negation, coproc, wrappers that grant
		{"if true; then python x; fi", nil, G, ExecClassInterpreter, "python"},
		{"{ python x; }", nil, G, ExecClassInterpreter, "python"},
		{"for f in a; do python x; done", nil, G, ExecClassInterpreter, "python"},
		{"f() { python; }; f", nil, G, ExecClassInterpreter, "python"},
		{"! python x", nil, G, ExecClassInterpreter, "python"},
		{"coproc python", nil, G, ExecClassInterpreter, "python"},
		{"sudo rm -rf /", nil, G, ExecClassWrapper, "sudo"},
		{"xargs rm", nil, G, ExecClassWrapper, "xargs"},
		{"while true; do node x; done", nil, G, ExecClassInterpreter, "node"},
		{"until false; do ruby x; done", nil, G, ExecClassInterpreter, "ruby"},
		{"case $x in a) perl x;; esac", nil, G, ExecClassInterpreter, "perl"},
		{"time python x", nil, G, ExecClassInterpreter, "python"},
		{"diff <(python a) b", nil, G, ExecClassInterpreter, "python"},
		{"X=$(python -c 1) ls", nil, G, ExecClassInterpreter, "python"},
		{"ls > \"$(node x)\"", nil, G, ExecClassInterpreter, "node"},
		{"bash -c 'python x'", nil, G, ExecClassShell, "bash"},
		{"doas ls", nil, G, ExecClassWrapper, "doas"},
		{"su -c 'ls' root", nil, G, ExecClassWrapper, "su"},
		{"exec ls", nil, G, ExecClassWrapper, "exec"},
		{"eval ls", nil, G, ExecClassInterpreter, "eval"},
		{"ssh host ls", nil, G, ExecClassWrapper, "ssh"},
		{"env -S 'ls -l'", nil, G, ExecClassWrapper, "env -S"},
		{"find . -exec python {} \\;", nil, G, ExecClassInterpreter, "python"},
		{"$CMD -c 1", nil, G, ExecClassDynamic, ""},
		{"\"$(which python)\" x", nil, G, ExecClassDynamic, ""},
		{"pyth?n x", nil, G, ExecClassDynamic, ""},
		{"echo 'unclosed", nil, G, ExecClassUnparsable, ""},
		{"if true; then", nil, G, ExecClassUnparsable, ""},
		// transparent wrappers: their flags skipped, the program judged
		{"nice ls", nil, B, "", ""},
		{"nohup sleep 1", nil, B, "", ""},
		{"timeout 5 python x", nil, G, ExecClassInterpreter, "python"},
		{"command -v python", nil, E, "", ""},
		{"command python x", nil, G, ExecClassInterpreter, "python"},
		{"time -p ls", nil, B, "", ""},
		{"sudo -u root bash", nil, G, ExecClassShell, "bash"},
		{"sudo -- sh -c x", nil, G, ExecClassShell, "sh"},
		{"nice -n 5 ruby x", nil, G, ExecClassInterpreter, "ruby"},
		{"nice -5 perl x", nil, G, ExecClassInterpreter, "perl"},
		{"nohup time -p command node x", nil, G, ExecClassInterpreter, "node"},
		{"timeout -s KILL 5 python x", nil, G, ExecClassInterpreter, "python"},
		{"X=1 env Y=2 nice nohup zsh", nil, G, ExecClassShell, "zsh"},
		{"env FOO=1 python x", nil, G, ExecClassInterpreter, "python"},
		{"env -i -u HOME node x", nil, G, ExecClassInterpreter, "node"},
		// the program word, never a substring
		{"", nil, E, "", ""},
		{"   \t ", nil, E, "", ""},
		{"FOO=1 BAR=2", nil, E, "", ""},
		{"python -c 'print(1)'", nil, G, ExecClassInterpreter, "python"},
		{"python3.11 script.py", nil, G, ExecClassInterpreter, "python3.11"},
		{"/usr/bin/Python3 x", nil, G, ExecClassInterpreter, "python3"},
		{`C:\Python\python.exe x`, nil, G, ExecClassInterpreter, "python"},
		{"NODE.EXE app.js", nil, G, ExecClassInterpreter, "node"},
		{"npx some-package", nil, G, ExecClassRunner, "npx"},
		{"ls -la python", nil, B, "", ""},
		{"grep python file.txt", nil, B, "", ""},
		{"pythonic --help", nil, B, "", ""},
		{"git commit -m 'bash -c x'", nil, B, "", ""},
		{"echo \"python\"", nil, B, "", ""},
		{"echo 'sudo rm -rf /'", nil, B, "", ""},
		{"git status && bash x.sh", nil, G, ExecClassShell, "bash"},
		{"ls; python x", nil, G, ExecClassInterpreter, "python"},
		{"cat f | sh", nil, G, ExecClassShell, "sh"},
		{"echo $(python -c 1)", nil, G, ExecClassInterpreter, "python"},
		{"echo \"`node x`\"", nil, G, ExecClassInterpreter, "node"},
		{"(cd x && sh y)", nil, G, ExecClassShell, "sh"},
		{"ls 2>&1 > out.txt", nil, B, "", ""},
		{"echo $HOME ${PWD}", nil, B, "", ""},
		{"terraform apply", []string{"terraform"}, G, ExecClassExtra, "terraform"},
		{"/opt/bin/Terraform.exe apply", []string{"TERRAFORM"}, G, ExecClassExtra, "terraform"},
		{"kubectl get pods", []string{"terraform"}, B, "", ""},
		{`py\thon -c 1`, nil, G, ExecClassInterpreter, "python"},
		{`\bash x`, nil, G, ExecClassShell, "bash"},
		{`echo a\;python`, nil, B, "", ""},
		{`'py'"thon" x`, nil, G, ExecClassInterpreter, "python"},
	}
	if len(cases) < 40 {
		t.Fatalf("only %d rows", len(cases))
	}
	for _, c := range cases {
		v, sh := ClassifyExecCapability(c.cmd, c.extra)
		if v.Token != c.token || sh.Class != c.class || sh.Matched != c.matched {
			t.Errorf("%q → %s (%s %q), want %s (%s %q)", c.cmd, v.Token, sh.Class, sh.Matched, c.token, c.class, c.matched)
		}
		if c.class == ExecClassUnparsable && v.Reason != ReasonUnparsable {
			t.Errorf("%q: reason %s, want %s", c.cmd, v.Reason, ReasonUnparsable)
		}
	}
}

func TestClassifyExecCapability_Shape(t *testing.T) {
	_, sh := ClassifyExecCapability("A=1 sudo nice python x y; ls", nil)
	want := ExecShape{Words: 7, Wrappers: 2, Assignments: 1, Segments: 2, Class: ExecClassInterpreter, Matched: "python"}
	if sh != want {
		t.Fatalf("shape %+v, want %+v", sh, want)
	}
	if CommandSHA256("") != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatal("CommandSHA256 is not SHA-256")
	}
}

// BenchmarkClassifyExecCapability is the in-process cost of one parse and
// classification of a realistic agent command line; the floor is
// strings.Fields over the same line (what a word splitter costs).
func BenchmarkClassifyExecCapability(b *testing.B) {
	line := `cd api && (go test ./... 2>&1 | tee /tmp/out.txt) && X=$(git rev-parse HEAD) bash -c 'echo "$X" > .last && make lint' || { echo failed; exit 1; }`
	start := time.Now()
	for i := 0; i < 1000; i++ {
		_ = strings.Fields(line)
	}
	floor := time.Since(start) / 1000
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ClassifyExecCapability(line, nil)
	}
	per := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(per)/1e3, "us-per-call")
	b.ReportMetric(float64(per)/float64(max(floor, 1)), "x-floor")
}
