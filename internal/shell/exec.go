package shell

import (
	"slices"
	"strings"
)

// Base is the name a program word runs under: its last path element
// (after '/' or, for Windows paths, '\'), lower-cased, ".exe" removed.
func Base(w string) string {
	if i := strings.LastIndexAny(w, `/\`); i >= 0 && w != "." {
		w = w[i+1:]
	}
	return strings.TrimSuffix(strings.ToLower(w), ".exe")
}

// wrapper describes a program that runs the command in its operands:
// which of its options take a value, and how many operands come before
// the command (timeout's DURATION, chroot's NEWROOT).
type wrapper struct {
	valueOpts []string
	operands  int
}

// wrapperOf returns name's wrapper description, false when name does not
// run another command from its own words.
func wrapperOf(name string) (wrapper, bool) {
	switch name {
	case "env":
		return wrapper{valueOpts: []string{"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}}, true
	case "sudo":
		return wrapper{valueOpts: []string{"-u", "--user", "-g", "--group", "-h", "--host", "-p", "--prompt", "-C", "--close-from", "-D", "--chdir", "-r", "--role", "-t", "--type", "-U", "--other-user", "-T", "--command-timeout"}}, true
	case "doas":
		return wrapper{valueOpts: []string{"-u", "-C"}}, true
	case "nice":
		return wrapper{valueOpts: []string{"-n", "--adjustment"}}, true
	case "time":
		return wrapper{valueOpts: []string{"-f", "--format", "-o", "--output"}}, true
	case "exec":
		return wrapper{valueOpts: []string{"-a"}}, true
	case "timeout":
		return wrapper{valueOpts: []string{"-s", "--signal", "-k", "--kill-after"}, operands: 1}, true
	case "stdbuf":
		return wrapper{valueOpts: []string{"-i", "-o", "-e"}}, true
	case "xargs":
		return wrapper{valueOpts: []string{"-I", "-n", "-P", "-d", "-L", "-s", "-E", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file", "--max-lines", "--max-chars", "--eof", "--replace", "--process-slot-var"}}, true
	case "ionice":
		return wrapper{valueOpts: []string{"-c", "--class", "-n", "--classdata", "-p", "--pid"}}, true
	case "chrt":
		return wrapper{operands: 1}, true
	case "taskset":
		return wrapper{operands: 1}, true
	case "chroot":
		return wrapper{operands: 1}, true
	case "flock":
		return wrapper{valueOpts: []string{"-w", "--timeout", "-E", "--conflict-exit-code"}, operands: 1}, true
	case "strace", "ltrace":
		return wrapper{valueOpts: []string{"-o", "-e", "-p", "-s", "-u", "-E", "-P", "-a", "-b", "-I", "-X", "-O", "-S", "-n", "-l"}}, true
	case "nohup", "command", "builtin", "setsid", "unbuffer", "busybox":
		return wrapper{}, true
	}
	return wrapper{}, false
}

// shells are the programs whose -c operand is a command line.
var shellNames = []string{"sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "yash", "posh"}

// IsShell reports whether name (a Base) is a POSIX-family shell.
func IsShell(name string) bool { return slices.Contains(shellNames, name) }

// resolve finds command idx's program past its wrappers, then parses the
// command lines it hands on: a shell's -c string (or its literal
// here-document), su -c, env -S, flock -c, watch's operands and find's
// -exec operands.
func (s *Script) resolve(idx int) error {
	c := s.Commands[idx]
	args := c.Args
	i := 0
	var nested *Word // a command line a wrapper hands on instead of a program
	for i < len(args) && nested == nil {
		name := Base(args[i].Value)
		spec, ok := wrapperOf(name)
		if !ok || !args[i].Literal {
			break
		}
		c.Wrappers = append(c.Wrappers, i)
		i++
		switch name {
		case "env":
			i, nested = skipEnv(args, i)
		case "command":
			if j := skipOptions(args, i, nil); slices.ContainsFunc(args[i:j], func(w Word) bool { return w.Value == "-v" || w.Value == "-V" }) {
				i = len(args) // command -v only looks the name up
			} else {
				i = j
			}
		case "nice":
			if i < len(args) && len(args[i].Value) > 1 && args[i].Value[0] == '-' && isDigits(args[i].Value[1:]) {
				i++ // nice -5
			}
			i = skipOptions(args, i, spec.valueOpts)
		case "flock":
			i = skipOptions(args, i, spec.valueOpts) + spec.operands
			if i+1 < len(args) && (args[i].Value == "-c" || args[i].Value == "--command") {
				nested, i = &args[i+1], len(args)
			}
		default:
			i = skipOptions(args, i, spec.valueOpts) + spec.operands
		}
	}
	if i < len(args) && nested == nil {
		c.Prog = i
	}
	s.Commands[idx] = c
	if nested != nil {
		return s.hand(*nested, idx)
	}
	if c.Prog < 0 {
		return nil
	}
	rest := args[c.Prog+1:]
	switch name := Base(args[c.Prog].Value); {
	case IsShell(name):
		if str, ok := dashC(rest); ok {
			return s.hand(str, idx)
		}
		if len(operands(rest)) == 0 {
			for _, r := range c.Redirs {
				if r.Op == "<<" || r.Op == "<<-" || r.Op == "<<<" {
					return s.hand(r.Target, idx)
				}
			}
		}
	case name == "su":
		for j, w := range rest {
			if v, ok := strings.CutPrefix(w.Value, "--command="); ok {
				return s.hand(Word{Value: v, Raw: w.Raw, Literal: w.Literal}, idx)
			}
			if (w.Value == "-c" || w.Value == "--command") && j+1 < len(rest) {
				return s.hand(rest[j+1], idx)
			}
		}
	case name == "watch":
		if ops := operands(skipWatch(rest)); len(ops) > 0 {
			return s.hand(join(ops), idx)
		}
	case name == "find":
		return s.findExec(rest, idx)
	}
	return nil
}

// hand parses str, a command line command idx runs, as nested commands;
// a string the shell computes at run time cannot be read and is left out.
func (s *Script) hand(str Word, idx int) error {
	if !str.Literal {
		return nil
	}
	return s.parse(str.Value, idx, s.Commands[idx].Depth+1)
}

// findExec adds the commands of find's -exec, -execdir, -ok and -okdir.
func (s *Script) findExec(rest []Word, idx int) error {
	for j := 0; j < len(rest); j++ {
		switch rest[j].Value {
		case "-exec", "-execdir", "-ok", "-okdir":
		default:
			continue
		}
		k := j + 1
		for k < len(rest) && rest[k].Value != ";" && rest[k].Value != "+" {
			k++
		}
		if k > j+1 {
			if s.Commands[idx].Depth+1 > MaxDepth {
				return tooDeep()
			}
			sub := s.add(Command{Args: slices.Clone(rest[j+1 : k]), Prog: -1, Parent: idx, Depth: s.Commands[idx].Depth + 1})
			if err := s.resolve(sub); err != nil {
				return err
			}
		}
		j = k
	}
	return nil
}

// dashC returns the command string of a shell's operands when its
// options include -c (alone or combined, as in -lc or -ec).
func dashC(rest []Word) (Word, bool) {
	c := false
	for j := 0; j < len(rest); j++ {
		v := rest[j].Value
		switch {
		case v == "--" || v == "-":
			j++
			if c && j < len(rest) {
				return rest[j], true
			}
			return Word{}, false
		case v == "-o" || v == "+o" || v == "-O" || v == "+O" || v == "--rcfile" || v == "--init-file":
			j++
		case strings.HasPrefix(v, "--"):
		case len(v) > 1 && (v[0] == '-' || v[0] == '+'):
			c = c || strings.ContainsRune(v[1:], 'c')
		default:
			if c {
				return rest[j], true
			}
			return Word{}, false
		}
	}
	return Word{}, false
}

// operands drops leading options.
func operands(ws []Word) []Word {
	for len(ws) > 0 && strings.HasPrefix(ws[0].Value, "-") {
		ws = ws[1:]
	}
	return ws
}

// skipWatch drops watch's options (-n SECS, -d, …) before its command.
func skipWatch(ws []Word) []Word {
	return ws[skipOptions(ws, 0, []string{"-n", "--interval", "-q", "--equexit", "-s", "--shell"}):]
}

// join makes one command line of words, literal only when each is.
func join(ws []Word) Word {
	out := Word{Literal: true}
	vals := make([]string, len(ws))
	raws := make([]string, len(ws))
	for i, w := range ws {
		vals[i], raws[i] = w.Value, w.Raw
		out.Literal = out.Literal && w.Literal
	}
	out.Value, out.Raw = strings.Join(vals, " "), strings.Join(raws, " ")
	return out
}

// skipEnv skips env's options and NAME=value operands; with -S (or
// --split-string) the string is the command line env runs.
func skipEnv(args []Word, i int) (int, *Word) {
	for i < len(args) {
		v := args[i].Value
		switch {
		case v == "--":
			for i++; i < len(args) && isAssignment(args[i].Value); i++ {
			}
			return i, nil
		case v == "-S" || v == "--split-string":
			if i+1 < len(args) {
				return len(args), &args[i+1]
			}
			return len(args), nil
		case strings.HasPrefix(v, "--split-string="):
			w := args[i]
			w.Value = strings.TrimPrefix(v, "--split-string=")
			return len(args), &w
		case strings.HasPrefix(v, "-S"):
			w := args[i]
			w.Value = v[2:]
			return len(args), &w
		case v == "-u" || v == "--unset" || v == "-C" || v == "--chdir":
			i += 2
			continue
		case strings.HasPrefix(v, "-") && v != "-":
			i++
			continue
		case isAssignment(v):
			i++
			continue
		}
		return i, nil
	}
	return i, nil
}

// isAssignment reports a NAME=value word.
func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// skipOptions returns the index of the first operand at or after i,
// skipping the value of each option in valueOpts and stopping after "--".
func skipOptions(ws []Word, i int, valueOpts []string) int {
	for i < len(ws) && strings.HasPrefix(ws[i].Value, "-") && ws[i].Value != "-" {
		opt := ws[i].Value
		i++
		if opt == "--" {
			return i
		}
		if slices.Contains(valueOpts, opt) {
			i++
		}
	}
	return i
}
