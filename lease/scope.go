package lease

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/dos-go/dos/vocab"
)

// sharedInfra are the basenames a change may touch outside its lane
// without counting as creep (the reference's list): configuration and
// entry-point files every lane edits now and then.
func sharedInfra() map[string]bool {
	m := map[string]bool{}
	for _, b := range []string{"config.py", "__init__.py", "settings.py", "constants.py", "cli.py", "conftest.py", "pyproject.toml", "setup.py", "setup.cfg"} {
		m[b] = true
	}
	return m
}

// ClassifyScope is the scope gate (kernel-ext §B.7), pure: does a change
// touching files stay inside lane's tree? ALLOW when nothing was touched
// or every file is in the tree (shared-infrastructure basenames outside it
// tolerated); SCOPE_CREEP when some files are in and some out;
// WRONG_TARGET when none is in, or the lane has no tree. source says
// where the files came from (files | staged | range), for the record.
func ClassifyScope(lane string, tree, files []string, source string) (vocab.Verdict, vocab.ScopeGateDetail) {
	touched := cleanFiles(files)
	d := vocab.ScopeGateDetail{Lane: lane, Tree: nonNil(tree), Source: source, Touched: len(touched), Outside: []string{}}
	name := lane
	if name == "" {
		name = "(unnamed)"
	}
	if len(touched) == 0 {
		d.Reason = vocab.ReasonEmptyChange
		return vocab.Verdictf(vocab.VerdictAllow, d.Reason, "write allowed: no files touched, nothing to judge"), d
	}
	if len(tree) == 0 {
		d.Reason, d.OutScope = vocab.ReasonNoTree, len(touched)
		d.Outside = capFiles(touched)
		return vocab.Verdictf(vocab.VerdictWrongTarget, d.Reason, "write refused: lane %s declares no tree, so the %d touched file(s) cannot be certified inside it (unknown blast radius)", name, len(touched)), d
	}
	infra := sharedInfra()
	var out []string
	for _, f := range touched {
		switch {
		case InTree(f, tree):
			d.InScope++
		case infra[strings.ToLower(path.Base(f))]:
			d.Tolerated++
		default:
			out = append(out, f)
		}
	}
	d.OutScope = len(out)
	d.Outside = capFiles(out)
	switch {
	case len(out) > 0 && d.InScope > 0:
		d.Reason = vocab.ReasonOutsideLane
		return vocab.Verdictf(vocab.VerdictScopeCreep, d.Reason, "write refused: %d of %d touched file(s) lie outside lane %s's tree (%s): %s", len(out), len(touched), name, strings.Join(tree, ", "), listFiles(out)), d
	case len(out) > 0:
		d.Reason = vocab.ReasonNoneInLane
		return vocab.Verdictf(vocab.VerdictWrongTarget, d.Reason, "write refused: none of the %d touched file(s) lies in lane %s's tree (%s): %s", len(touched), name, strings.Join(tree, ", "), listFiles(out)), d
	case d.Tolerated > 0:
		d.Reason = vocab.ReasonTolerated
		return vocab.Verdictf(vocab.VerdictAllow, d.Reason, "write allowed: %d file(s) in lane %s's tree (%d shared-infrastructure file(s) outside it, not counted as creep)", d.InScope, name, d.Tolerated), d
	}
	d.Reason = vocab.ReasonInScope
	return vocab.Verdictf(vocab.VerdictAllow, d.Reason, "write allowed: all %d touched file(s) lie in lane %s's tree", len(touched), name), d
}

// cleanFiles trims, drops blanks and duplicates, and sorts.
func cleanFiles(files []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, f := range files {
		f = strings.TrimPrefix(strings.TrimSpace(strings.ReplaceAll(f, `\`, "/")), "./")
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func capFiles(fs []string) []string {
	if len(fs) > vocab.MaxScopeFiles {
		fs = fs[:vocab.MaxScopeFiles]
	}
	return append([]string{}, fs...)
}

// listFiles names up to five files, then " …".
func listFiles(fs []string) string {
	if len(fs) <= 5 {
		return strings.Join(fs, ", ")
	}
	return strings.Join(fs[:5], ", ") + fmt.Sprintf(" … (%d more)", len(fs)-5)
}
