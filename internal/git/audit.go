package git

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/dos-go/dos/vocab"
)

// AuditLimit caps how many commits of a range commit-audit reads.
const AuditLimit = 500

const auditFmt = "--format=" + recSep + "%H" + fieldSep + "%h" + fieldSep + "%s"

// AuditCommits returns what commit-audit reads of ref — one commit, or
// every commit of an A..B range newest first (at most AuditLimit): sha,
// short sha, subject and the numstat of each file changed (against the
// first parent, renames as delete + add), files under r.Own left out.
// One git process.
func (r Repo) AuditCommits(ctx context.Context, ref string) ([]vocab.AuditCommit, error) {
	args := []string{"log", auditFmt, "--numstat", "--no-renames", "--no-ext-diff", "--no-textconv", "--no-color",
		"--diff-merges=first-parent"}
	if strings.Contains(ref, "..") {
		args = append(args, "--max-count="+strconv.Itoa(AuditLimit))
	} else {
		args = append(args, "-1")
	}
	out, err := r.run(ctx, append(args, "--end-of-options", ref, "--")...)
	if err != nil {
		return nil, err
	}
	var cs []vocab.AuditCommit
	for _, rec := range strings.Split(string(out), recSep) {
		head, rest, _ := strings.Cut(rec, "\n")
		f := strings.SplitN(head, fieldSep, 3)
		if len(f) != 3 || f[0] == "" {
			continue
		}
		c := vocab.AuditCommit{SHA: f[0], Short: f[1], Subject: f[2]}
		for _, line := range strings.Split(rest, "\n") {
			if fl, ok := parseNumstat(line); ok && !r.owns(fl.Path) { // dos's own state is never evidence
				c.Files = append(c.Files, fl)
			}
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// parseNumstat reads "ADDED<TAB>DELETED<TAB>PATH"; a binary file is "-".
func parseNumstat(line string) (vocab.CommitFile, bool) {
	p := strings.SplitN(line, "\t", 3)
	if len(p) != 3 || p[2] == "" {
		return vocab.CommitFile{}, false
	}
	f := vocab.CommitFile{Path: unquote(p[2])}
	if p[0] == "-" && p[1] == "-" {
		f.Binary = true
		return f, true
	}
	a, err1 := strconv.Atoi(p[0])
	d, err2 := strconv.Atoi(p[1])
	if err := errors.Join(err1, err2); err != nil {
		return vocab.CommitFile{}, false
	}
	f.Added, f.Deleted = a, d
	return f, true
}

// unquote undoes git's C-style quoting of unusual paths (core.quotePath).
func unquote(p string) string {
	if len(p) < 2 || p[0] != '"' || p[len(p)-1] != '"' {
		return p
	}
	if s, err := strconv.Unquote(p); err == nil {
		return s
	}
	return p
}
