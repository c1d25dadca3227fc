package install

import (
	"fmt"
	"strconv"
	"strings"
)

// Codex reads hooks from config.toml. dos appends its tables in a fenced
// block and never edits outside it, so the user's comments and tables
// stay as written; the fence is how a second run knows it is done.
const (
	fenceOpen  = "# >>> dos hooks (managed by `dos init --hooks`) >>>"
	fenceClose = "# <<< dos hooks <<<"
)

func (h Host) tomlBlock() string {
	var b strings.Builder
	b.WriteString(fenceOpen + "\n")
	for _, w := range h.Wires {
		fmt.Fprintf(&b, "[[hooks.%s]]\n[[hooks.%s.hooks]]\ntype = \"command\"\ncommand = %s\n", w.Event, w.Event, strconv.Quote(h.Command(w.Verb)))
		if h.Timeout > 0 {
			fmt.Fprintf(&b, "timeout = %d\n", h.Timeout)
		}
	}
	b.WriteString(fenceClose + "\n")
	return b.String()
}

func mergeTOML(h Host, in []byte, force bool) Result {
	res := Result{Out: in}
	s := string(in)
	open := strings.Index(s, fenceOpen)
	if open >= 0 && !force {
		res.Already = h.Events()
		return res
	}
	if open >= 0 {
		end := strings.Index(s[open:], fenceClose)
		cut := len(s)
		if end >= 0 {
			cut = open + end + len(fenceClose)
			if cut < len(s) && s[cut] == '\n' {
				cut++
			}
		}
		s = s[:open] + s[cut:]
	}
	for _, ev := range h.Events() {
		for _, ln := range strings.Split(s, "\n") {
			t := strings.TrimSpace(ln)
			if t == "[hooks."+ev+"]" || strings.HasPrefix(t, "hooks."+ev+" ") || strings.HasPrefix(t, "hooks."+ev+"=") || strings.HasPrefix(t, ev+" =") {
				res.Notes = append(res.Notes, fmt.Sprintf("%s already defines hooks.%s outside dos's block; TOML may refuse the array of tables dos appends — merge them by hand", h.File, ev))
				break
			}
		}
	}
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	if s != "" && !strings.HasSuffix(s, "\n\n") {
		s += "\n"
	}
	res.Out = []byte(s + h.tomlBlock())
	res.Added = h.Events()
	return res
}
