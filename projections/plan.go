package projections

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// The plan board (`dos plan`): for each plan doc plans_glob matches, its
// phases, what was claimed (the doc's own status and the journal's
// intent.claim records), what git says (verify), and the gap.

// Doc statuses (what the plan doc itself says of a phase).
const (
	DocShipped = "shipped"
	DocBlocked = "blocked"
	DocOpen    = "open"
)

// Divergences between the claim and git.
const (
	GapShipped    = "shipped"     // claimed and git backs it (or git alone says so)
	GapOverClaim  = "over-claim"  // claimed shipped, git does not back it
	GapUnderClaim = "under-claim" // git says shipped, nobody claimed it
	GapPending    = "pending"     // neither claimed nor shipped
)

// PlanPhase is one phase a plan doc declares.
type PlanPhase struct {
	Plan, Phase, DocPath, DocStatus string
	Line                            int
}

var (
	planHeading = regexp.MustCompile(`^#{2,4}\s+(?:\d+\.\s+)?([A-Za-z][A-Za-z0-9_.-]*)\s+([A-Za-z0-9][A-Za-z0-9_.'-]*)\s*(?:—|–|-|:)`)
	planBullet  = regexp.MustCompile(`^\s*[-*]\s+\*\*([A-Za-z0-9][A-Za-z0-9_.'-]*)(?:\s*(?:—|–|-|:)|\*\*)`)
	shippedWord = regexp.MustCompile(`\bSHIPPED\b`)
	blockedWord = regexp.MustCompile(`(?i)\b(SOAK|SOAKING|BLOCKED|AWAITING|GATED|DEFERRED)\b`)
)

func letterAndDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789") && strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }) >= 0
}

func docStatus(text string) string {
	switch {
	case shippedWord.MatchString(text):
		return DocShipped
	case blockedWord.MatchString(text):
		return DocBlocked
	}
	return DocOpen
}

// ParsePlanDoc reads the phases of one markdown plan doc, pure: a heading
// "## [N.] PLAN PHASE —" (PHASE holding a letter and a digit) is a phase
// whose status is read from the heading and its body; a "- **PHASE**"
// bullet under it is a sub-phase whose status is its own line. Repeated
// (plan, phase) pairs keep the first.
func ParsePlanDoc(path, text string) []PlanPhase {
	var out []PlanPhase
	seen := map[[2]string]bool{}
	lines := strings.Split(text, "\n")
	plan, head := "", -1
	flush := func(end int) {
		if head < 0 {
			return
		}
		body := strings.Join(lines[out[head].Line-1:end], "\n")
		out[head].DocStatus = docStatus(body)
		head = -1
	}
	for i, l := range lines {
		if m := planHeading.FindStringSubmatch(l); m != nil && letterAndDigit(m[2]) {
			flush(i)
			plan = m[1]
			if !seen[[2]string{plan, m[2]}] {
				seen[[2]string{plan, m[2]}] = true
				out = append(out, PlanPhase{Plan: plan, Phase: m[2], DocPath: path, Line: i + 1})
				head = len(out) - 1
			}
			continue
		}
		if strings.HasPrefix(l, "#") {
			flush(i)
			continue
		}
		if m := planBullet.FindStringSubmatch(l); m != nil && plan != "" && letterAndDigit(m[1]) && !seen[[2]string{plan, m[1]}] {
			seen[[2]string{plan, m[1]}] = true
			out = append(out, PlanPhase{Plan: plan, Phase: m[1], DocPath: path, DocStatus: docStatus(l), Line: i + 1})
		}
	}
	flush(len(lines))
	return out
}

// PlanFiles are the files under root matching glob (doublestar: ** spans
// directories), repo-relative, sorted. A glob matching nothing is no
// files; a malformed glob is an error.
func PlanFiles(root, glob string) ([]string, error) {
	if glob == "" {
		return nil, nil
	}
	if !doublestar.ValidatePattern(glob) {
		return nil, errors.New("plans_glob " + glob + " is not a valid glob")
	}
	files, err := doublestar.Glob(os.DirFS(root), glob, doublestar.WithFilesOnly(), doublestar.WithFailOnIOErrors())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}

// PlanRow is one phase on the board.
type PlanRow struct {
	Plan      string `json:"plan"`
	Phase     string `json:"phase"`
	DocPath   string `json:"doc_path"`
	DocStatus string `json:"doc_status"` // shipped | blocked | open
	// Claims are the journal's intent.claim records of the phase; ClaimedBy
	// the runs that made them.
	Claims    int      `json:"claims"`
	ClaimedBy []string `json:"claimed_by"`
	// ClaimedStatus is shipped when the doc or a run claims it, else the
	// doc's status.
	ClaimedStatus string `json:"claimed_status"`
	OracleShipped bool   `json:"oracle_shipped"`
	OracleSource  string `json:"oracle_source"` // grep-subject | none
	OracleSHA     string `json:"oracle_sha,omitempty"`
	Divergence    string `json:"divergence"`
	IsDivergent   bool   `json:"is_divergent"`
}

// PlanSummary counts the board.
type PlanSummary struct {
	Phases     int `json:"phases"`
	Shipped    int `json:"shipped"`
	Divergent  int `json:"divergent"`
	OverClaims int `json:"over_claims"`
	InFlight   int `json:"in_flight"` // open, not shipped
	Gated      int `json:"gated"`     // blocked, not shipped
}

// PlanBoard is `dos plan --json`.
type PlanBoard struct {
	V           int         `json:"v"`
	GeneratedAt time.Time   `json:"generated_at"`
	Workspace   string      `json:"workspace"`
	PlansGlob   string      `json:"plans_glob"`
	Docs        []string    `json:"docs"`
	Phases      []PlanRow   `json:"phases"`
	Activity    []Commit    `json:"activity"`
	Summary     PlanSummary `json:"summary"`
	Scanned     ScanStats   `json:"scanned"`
	Notes       []string    `json:"notes,omitempty"`
}

// PlanOptions shape a board.
type PlanOptions struct {
	Now       time.Time
	Workspace string
	PlansGlob string
	Docs      map[string]string // repo-relative path → text, as read
}

// Plan builds the board: the phases of every doc, the journal's claims
// and git's verify of each phase now. g nil: no oracle (every phase not
// shipped, said in a note).
func Plan(ctx context.Context, r Reader, g Git, o PlanOptions) (*PlanBoard, error) {
	b := &PlanBoard{V: 1, GeneratedAt: o.Now.UTC(), Workspace: o.Workspace, PlansGlob: o.PlansGlob, Docs: []string{}, Phases: []PlanRow{}, Activity: []Commit{}}
	for p := range o.Docs {
		b.Docs = append(b.Docs, p)
	}
	sort.Strings(b.Docs)
	claims := map[[2]string][]string{}
	err := Each(scan(ctx, r, journal.Query{}), &b.Scanned, func(rec *journal.Record) bool {
		if rec.Syscall == vocab.SysIntentClaim {
			var d vocab.IntentClaimDetail
			if rec.Detail.Decode(&d) == nil {
				k := [2]string{d.Plan, d.Step}
				claims[k] = append(claims[k], rec.RunID)
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	head := ""
	if g != nil {
		h, err := g.Resolve(ctx, "HEAD")
		if err != nil {
			b.Notes = append(b.Notes, "git: "+err.Error()+": no phase is shown as shipped")
			g = nil
		} else {
			head = h
		}
	} else {
		b.Notes = append(b.Notes, "no workspace repository: no phase is shown as shipped")
	}
	for _, path := range b.Docs {
		for _, ph := range ParsePlanDoc(path, o.Docs[path]) {
			row := PlanRow{Plan: ph.Plan, Phase: ph.Phase, DocPath: path, DocStatus: ph.DocStatus, ClaimedBy: []string{}, OracleSource: vocab.ViaNone}
			by := claims[[2]string{ph.Plan, ph.Phase}]
			row.Claims = len(by)
			row.ClaimedBy = uniq(by)
			row.ClaimedStatus = ph.DocStatus
			if row.Claims > 0 {
				row.ClaimedStatus = DocShipped
			}
			if g != nil && vocab.ValidToken(ph.Phase) {
				if cs, err := g.Shipping(ctx, ph.Phase, head); err == nil {
					v, d := vocab.ClassifyVerify(ph.Plan, ph.Phase, vocab.VerifyEvidence{Head: head, Stamped: cs})
					row.OracleShipped, row.OracleSource, row.OracleSHA = v.Token == vocab.VerdictShipped, d.Via, d.SHA
				}
			}
			row.Divergence = gap(row.ClaimedStatus, row.OracleShipped)
			row.IsDivergent = row.Divergence == GapOverClaim || row.Divergence == GapUnderClaim
			b.Phases = append(b.Phases, row)
			b.Summary.add(row)
		}
	}
	if g != nil {
		commits, _ := RecentCommits(ctx, g, o.Now, 30*24*time.Hour)
		b.Activity = append(b.Activity, commits[:min(len(commits), 10)]...)
	}
	if len(b.Docs) == 0 {
		b.Notes = append(b.Notes, "no plan docs match plans_glob "+o.PlansGlob+" (set [paths].plans_glob in dos.toml)")
	}
	return b, nil
}

func gap(claimed string, shipped bool) string {
	switch {
	case claimed == DocShipped && shipped:
		return GapShipped
	case claimed == DocShipped:
		return GapOverClaim
	case shipped:
		return GapUnderClaim
	}
	return GapPending
}

func (s *PlanSummary) add(r PlanRow) {
	s.Phases++
	if r.OracleShipped {
		s.Shipped++
	}
	if r.IsDivergent {
		s.Divergent++
	}
	if r.Divergence == GapOverClaim {
		s.OverClaims++
	}
	if !r.OracleShipped && r.ClaimedStatus == DocOpen {
		s.InFlight++
	}
	if !r.OracleShipped && r.ClaimedStatus == DocBlocked {
		s.Gated++
	}
}

func uniq(xs []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// ReadPlanDocs reads the files PlanFiles found (read-only), bounded to
// 4 MiB each.
func ReadPlanDocs(root string, files []string) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			continue
		}
		if len(b) > 4<<20 {
			b = b[:4<<20]
		}
		out[f] = string(b)
	}
	return out
}
