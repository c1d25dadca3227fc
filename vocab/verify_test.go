package vocab

import "testing"

func TestClassifyVerify_EveryRule(t *testing.T) {
	full, empty := Commit{SHA: "aaaaaaaaaa", FilesChanged: 2}, Commit{SHA: "bbbbbbbbbb"}
	dosOnly := Commit{SHA: "cccccccccc", FilesChanged: 3, DosFiles: 3}
	mixed := Commit{SHA: "dddddddddd", FilesChanged: 3, DosFiles: 2}
	cases := []struct {
		name     string
		stamped  []Commit
		token    string
		reason   string
		sha      string
		line     string
		empties  int
		filesOut int
	}{
		{"no stamp", nil, VerdictNotShipped, ReasonNoStamp, "", "AUTH AUTH2 (via none)", 0, 0},
		{"stamped commit with files", []Commit{full}, VerdictShipped, ReasonShipped, "aaaaaaaaaa", "AUTH AUTH2 aaaaaaa (via grep-subject)", 0, 2},
		{"only an empty stamp", []Commit{empty}, VerdictNotShipped, ReasonEmptyCommit, "", "AUTH AUTH2 (via none): the only commit stamped AUTH2: changed no files (bbbbbbb); an empty commit is not shipped work", 1, 0},
		{"newest empty, older real: shipped by the real one", []Commit{empty, full}, VerdictShipped, ReasonShipped, "aaaaaaaaaa", "AUTH AUTH2 aaaaaaa (via grep-subject)", 1, 2},
		{"a stamp on dos's own files only", []Commit{dosOnly}, VerdictNotShipped, ReasonDosOnly, "", "AUTH AUTH2 (via none): the commits stamped AUTH2 changed only dos's own state (.dos/, the journal), which is never work", 0, 0},
		{"dos-only beats empty in the reason", []Commit{dosOnly, empty}, VerdictNotShipped, ReasonDosOnly, "", "AUTH AUTH2 (via none): the commits stamped AUTH2 changed only dos's own state (.dos/, the journal), which is never work", 1, 0},
		{"one real file among dos's ships", []Commit{dosOnly, mixed}, VerdictShipped, ReasonShipped, "dddddddddd", "AUTH AUTH2 ddddddd (via grep-subject)", 0, 3},
		{"two empty stamps", []Commit{empty, empty}, VerdictNotShipped, ReasonEmptyCommit, "", "AUTH AUTH2 (via none): all 2 commits stamped AUTH2: changed no files (bbbbbbb); an empty commit is not shipped work", 2, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, d := ClassifyVerify("AUTH", "AUTH2", VerifyEvidence{Head: "h", Stamped: c.stamped})
			if v.Token != c.token || v.Reason != c.reason || d.Reason != c.reason || d.SHA != c.sha || v.Why != c.line {
				t.Fatalf("→ %s/%s sha %q %q", v.Token, v.Reason, d.SHA, v.Why)
			}
			if d.EmptyStamped != c.empties || d.Stamped != len(c.stamped) || d.FilesChanged != c.filesOut {
				t.Fatalf("detail %+v", d)
			}
		})
	}
}
