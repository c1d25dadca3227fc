package vocab

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// exec-capability: does a command grant arbitrary code execution? The
// program word of every simple command in it is classified — never a
// substring of the text — after its wrappers and assignments are skipped.

// Program classes that grant arbitrary execution.
var (
	interpreters = []string{"python", "pypy", "pypy3", "node", "nodejs", "deno", "bun", "ruby", "irb", "perl", "php", "lua", "luajit", "tclsh", "wish", "rscript", "julia", "osascript", "java", "jshell", "groovy", "scala", "erl", "elixir", "ghci", "runghc", "guile", "racket", "awk", "gawk", "mawk", "eval", "source", "."}
	shells       = []string{"sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "csh", "tcsh", "ash", "busybox", "cmd", "powershell", "pwsh"}
	runners      = []string{"npx", "pnpx", "bunx", "uvx", "pipx", "npm", "pnpm", "yarn", "uv", "poetry", "pdm", "hatch", "pipenv", "conda", "mamba", "cargo", "go", "dotnet", "gradle", "mvn", "make", "rake"}
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

// wrapperOptions reports whether name runs the next word as the program,
// and which of its options take an argument.
func wrapperOptions(name string) ([]string, bool) {
	switch name {
	case "env":
		return []string{"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}, true
	case "sudo":
		return []string{"-u", "--user", "-g", "--group", "-h", "--host", "-p", "--prompt", "-C", "--close-from", "-D", "--chdir", "-r", "--role", "-t", "--type", "-U", "--other-user", "-T", "--command-timeout"}, true
	case "doas":
		return []string{"-u", "-C"}, true
	case "nice":
		return []string{"-n", "--adjustment"}, true
	case "time":
		return []string{"-f", "--format", "-o", "--output"}, true
	case "exec":
		return []string{"-a"}, true
	case "timeout":
		return []string{"-s", "--signal", "-k", "--kill-after"}, true
	case "stdbuf":
		return []string{"-i", "-o", "-e"}, true
	case "xargs":
		return []string{"-I", "-n", "-P", "-d", "-L", "-s", "-E", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file"}, true
	case "ionice":
		return []string{"-c", "-n", "-p"}, true
	case "nohup", "command", "setsid":
		return nil, true
	}
	return nil, false
}

// ExecShape is what the classifier saw, for the record's detail.
type ExecShape struct {
	Words, Wrappers, Assignments, Segments int
	Class, Matched                         string
}

// ClassifyExecCapability classifies command: blank → EMPTY; any simple
// command whose program (basename, lowercased, ".exe" stripped) is an
// interpreter, shell or package runner, or is named in extra →
// GRANTS_ARBITRARY_EXEC; else BOUNDED. An unbalanced quote is an error.
func ClassifyExecCapability(command string, extra []string) (Verdict, ExecShape, error) {
	var sh ExecShape
	segs, err := splitCommands(command)
	if err != nil {
		return Verdict{}, sh, err
	}
	extraSet := map[string]bool{}
	for _, e := range extra {
		if e = normProgram(e); e != "" {
			extraSet[e] = true
		}
	}
	sawProgram := false
	for _, words := range segs {
		if len(words) == 0 {
			continue
		}
		sh.Segments++
		sh.Words += len(words)
		prog, raw, wrapped, assigns := programOf(words)
		sh.Wrappers += wrapped
		sh.Assignments += assigns
		if prog == "" {
			continue
		}
		sawProgram = true
		// A backslash before an ordinary byte is a path separator on
		// Windows and vanishes in a POSIX shell (py\thon runs python):
		// either reading that grants exec counts.
		for _, p := range []string{prog, normProgram(strings.ReplaceAll(raw, `\`, ""))} {
			if class := classOf(p, extraSet); class != "" && sh.Class == "" {
				sh.Class, sh.Matched = class, p
			}
		}
	}
	switch {
	case sh.Class != "":
		return Verdictf(VerdictGrantsExec, ReasonArbitrary, "runs %s (%s): arbitrary code execution", sh.Matched, sh.Class), sh, nil
	case !sawProgram:
		return Verdictf(VerdictEmpty, ReasonBlank, "no program to run"), sh, nil
	}
	return Verdictf(VerdictBounded, ReasonBoundedP, "no interpreter, shell or package runner among %d command(s)", sh.Segments), sh, nil
}

// CommandSHA256 is the hex digest kept in place of the command text.
func CommandSHA256(command string) string {
	s := sha256.Sum256([]byte(command))
	return hex.EncodeToString(s[:])
}

func classOf(prog string, extra map[string]bool) string {
	switch {
	case slices.Contains(shells, prog):
		return "shell"
	case slices.Contains(interpreters, prog) || versioned(prog):
		return "interpreter"
	case slices.Contains(runners, prog):
		return "package-runner"
	case extra[prog]:
		return "extra"
	}
	return ""
}

func normProgram(w string) string {
	if i := strings.LastIndexAny(w, `/\`); i >= 0 && w != "." {
		w = w[i+1:]
	}
	w = strings.ToLower(w)
	return strings.TrimSuffix(w, ".exe")
}

// isAssignment reports a VAR=value word.
func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" || isDigit(name[0]) {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isLetter(c) && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}

// programOf skips assignments and wrappers (with their options) and
// returns the program word, normalised.
func programOf(words []string) (prog, raw string, wrapped, assigns int) {
	i := 0
	for i < len(words) {
		w := words[i]
		if isAssignment(w) {
			assigns++
			i++
			continue
		}
		name := normProgram(w)
		argOpts, isWrapper := wrapperOptions(name)
		if !isWrapper {
			return name, w, wrapped, assigns
		}
		wrapped++
		i++
		if name == "timeout" { // timeout [opts] DURATION CMD
			i = skipOptions(words, i, argOpts)
			i++
			continue
		}
		if name == "nice" && i < len(words) && len(words[i]) > 1 && words[i][0] == '-' && isDigits(words[i][1:]) {
			i++ // nice -5
		}
		if name == "env" {
			if split, rest, ok := envSplit(words, i); ok {
				words, i = append(strings.Fields(split), words[rest:]...), 0
				continue
			}
		}
		i = skipOptions(words, i, argOpts)
	}
	return "", "", wrapped, assigns
}

// envSplit finds env's -S/--split-string among its options: the string is
// itself a command line, whose first word is the program.
func envSplit(words []string, i int) (split string, rest int, ok bool) {
	for ; i < len(words) && strings.HasPrefix(words[i], "-") && words[i] != "--"; i++ {
		w := words[i]
		switch {
		case (w == "-S" || w == "--split-string") && i+1 < len(words):
			return words[i+1], i + 2, true
		case strings.HasPrefix(w, "--split-string="):
			return strings.TrimPrefix(w, "--split-string="), i + 1, true
		case strings.HasPrefix(w, "-S") && len(w) > 2:
			return w[2:], i + 1, true
		case w == "-u" || w == "--unset" || w == "-C" || w == "--chdir":
			i++
		}
	}
	return "", 0, false
}

func skipOptions(words []string, i int, argOpts []string) int {
	for i < len(words) && strings.HasPrefix(words[i], "-") && words[i] != "-" {
		if words[i] == "--" {
			return i + 1
		}
		opt := words[i]
		i++
		if slices.Contains(argOpts, opt) {
			i++
		}
	}
	return i
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// shellSpecial are the bytes a backslash escapes here; before any other
// byte it stays literal, so a Windows path (C:\\Python\\python.exe) survives.
const shellSpecial = " \t\n\\'\"$`;&|()<>*?[]#~{}!"

// splitCommands splits a shell command line into simple commands (at
// ; & | && || and newlines), with words unquoted. The bodies of $(…),
// backticks and (…) subshells become commands of their own.
func splitCommands(s string) ([][]string, error) {
	var out [][]string
	var words []string
	var cur strings.Builder
	inWord := false
	endWord := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	endCmd := func() {
		endWord()
		out = append(out, words)
		words = nil
	}
	sub := func(body string) error {
		inner, err := splitCommands(body)
		out = append(out, inner...)
		return err
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte(shellSpecial, s[i+1]) >= 0:
			cur.WriteByte(s[i+1])
			inWord = true
			i++
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, Usagef("--command has an unbalanced single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == '"':
			j, err := closeDouble(s, i+1, sub)
			if err != nil {
				return nil, err
			}
			cur.WriteString(unescapeDouble(s[i+1 : j]))
			inWord = true
			i = j
		case c == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return nil, Usagef("--command has an unbalanced backtick")
			}
			if err := sub(s[i+1 : i+1+j]); err != nil {
				return nil, err
			}
			inWord = true
			i += j + 1
		case c == '$' && i+1 < len(s) && s[i+1] == '(':
			j, err := closeParen(s, i+2)
			if err != nil {
				return nil, err
			}
			if err := sub(s[i+2 : j]); err != nil {
				return nil, err
			}
			inWord = true
			i = j
		case c == '(' && !inWord:
			j, err := closeParen(s, i+1)
			if err != nil {
				return nil, err
			}
			endCmd()
			if err := sub(s[i+1 : j]); err != nil {
				return nil, err
			}
			i = j
		case c == ';' || c == '&' || c == '|' || c == '\n' || c == ')':
			endCmd()
		case c == '<' || c == '>':
			endWord()
			if i+1 < len(s) && s[i+1] == '&' {
				i++ // 2>&1, <&3
			}
		case c == ' ' || c == '\t' || c == '\r':
			endWord()
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	endCmd()
	return out, nil
}

// closeDouble finds the closing '"' from i, classifying $(…) inside.
func closeDouble(s string, i int, sub func(string) error) (int, error) {
	for ; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case s[i] == '"':
			return i, nil
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '(':
			j, err := closeParen(s, i+2)
			if err != nil {
				return 0, err
			}
			if err := sub(s[i+2 : j]); err != nil {
				return 0, err
			}
			i = j
		case s[i] == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return 0, Usagef("--command has an unbalanced backtick")
			}
			if err := sub(s[i+1 : i+1+j]); err != nil {
				return 0, err
			}
			i += j + 1
		}
	}
	return 0, Usagef("--command has an unbalanced double quote")
}

// closeParen finds the ')' matching an already-open '(' before i.
func closeParen(s string, i int) (int, error) {
	depth := 1
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return 0, Usagef("--command has an unbalanced single quote")
			}
			i += j + 1
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i, nil
			}
		}
	}
	return 0, Usagef("--command has an unbalanced parenthesis")
}

func unescapeDouble(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`\n", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
