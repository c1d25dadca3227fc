package vocab

import "testing"

func TestClassifyExecCapability_ProgramTokenNeverSubstring(t *testing.T) {
	cases := []struct {
		cmd     string
		extra   []string
		token   string
		matched string
	}{
		{"", nil, VerdictEmpty, ""},
		{"   \t ", nil, VerdictEmpty, ""},
		{"FOO=1 BAR=2", nil, VerdictEmpty, ""},
		{"python -c 'print(1)'", nil, VerdictGrantsExec, "python"},
		{"python3.11 script.py", nil, VerdictGrantsExec, "python3.11"},
		{"/usr/bin/Python3 x", nil, VerdictGrantsExec, "python3"},
		{`C:\Python\python.exe x`, nil, VerdictGrantsExec, "python"},
		{"NODE.EXE app.js", nil, VerdictGrantsExec, "node"},
		{"bash -c 'rm -rf /'", nil, VerdictGrantsExec, "bash"},
		{"sh", nil, VerdictGrantsExec, "sh"},
		{"npx some-package", nil, VerdictGrantsExec, "npx"},
		{"env FOO=1 python x", nil, VerdictGrantsExec, "python"},
		{"env -i -u HOME node x", nil, VerdictGrantsExec, "node"},
		{"env -S 'python -c 1'", nil, VerdictGrantsExec, "python"},
		{"sudo -u root bash", nil, VerdictGrantsExec, "bash"},
		{"sudo -- sh -c x", nil, VerdictGrantsExec, "sh"},
		{"nice -n 5 ruby x", nil, VerdictGrantsExec, "ruby"},
		{"nice -5 perl x", nil, VerdictGrantsExec, "perl"},
		{"nohup time -p command node x", nil, VerdictGrantsExec, "node"},
		{"timeout -s KILL 5 python x", nil, VerdictGrantsExec, "python"},
		{"X=1 sudo env Y=2 nice nohup zsh", nil, VerdictGrantsExec, "zsh"},
		{"ls -la python", nil, VerdictBounded, ""},
		{"grep python file.txt", nil, VerdictBounded, ""},
		{"pythonic --help", nil, VerdictBounded, ""},
		{"git commit -m 'bash -c x'", nil, VerdictBounded, ""},
		{"echo \"python\"", nil, VerdictBounded, ""},
		{"git status && bash x.sh", nil, VerdictGrantsExec, "bash"},
		{"ls; python x", nil, VerdictGrantsExec, "python"},
		{"cat f | sh", nil, VerdictGrantsExec, "sh"},
		{"echo $(python -c 1)", nil, VerdictGrantsExec, "python"},
		{"echo \"`node x`\"", nil, VerdictGrantsExec, "node"},
		{"echo \"$(bash -c x)\"", nil, VerdictGrantsExec, "bash"},
		{"(cd x && sh y)", nil, VerdictGrantsExec, "sh"},
		{"ls 2>&1 > out.txt", nil, VerdictBounded, ""},
		{"terraform apply", []string{"terraform"}, VerdictGrantsExec, "terraform"},
		{"/opt/bin/Terraform.exe apply", []string{"TERRAFORM"}, VerdictGrantsExec, "terraform"},
		{"kubectl get pods", []string{"terraform"}, VerdictBounded, ""},
		{`py\thon -c 1`, nil, VerdictGrantsExec, "python"},
		{`\bash x`, nil, VerdictGrantsExec, "bash"},
		{`echo a\;python`, nil, VerdictBounded, ""},
	}
	for _, c := range cases {
		v, sh, err := ClassifyExecCapability(c.cmd, c.extra)
		if err != nil {
			t.Errorf("%q: %v", c.cmd, err)
			continue
		}
		if v.Token != c.token || sh.Matched != c.matched {
			t.Errorf("%q → %s (matched %q), want %s (%q)", c.cmd, v.Token, sh.Matched, c.token, c.matched)
		}
	}
}

func TestClassifyExecCapability_ShapeAndErrors(t *testing.T) {
	_, sh, err := ClassifyExecCapability("A=1 sudo nice python x y; ls", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := ExecShape{Words: 7, Wrappers: 2, Assignments: 1, Segments: 2, Class: "interpreter", Matched: "python"}
	if sh != want {
		t.Fatalf("shape %+v, want %+v", sh, want)
	}
	for _, bad := range []string{"echo 'x", `echo "x`, "echo $(ls", "echo `ls"} {
		if _, _, err := ClassifyExecCapability(bad, nil); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if CommandSHA256("") != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatal("CommandSHA256 is not SHA-256")
	}
}
