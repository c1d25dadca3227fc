package vocab

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
)

// commit-audit: does a commit's subject claim what its own diff shows? The
// subject is the author's claim; the numstat is git's evidence.

// Claim kinds a subject makes.
const (
	ClaimNone = "none"
	ClaimDoc  = "doc"
	ClaimTest = "test"
	ClaimCode = "code_effect"
)

// Per-commit audit verdicts.
const (
	AuditOK          = "OK"
	AuditUnwitnessed = "UNWITNESSED"
	AuditAbstain     = "ABSTAIN"
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// auditVocab is commit-audit's word lists, built on first use: most dos
// processes never audit a commit and should not build them at start.
type auditVocab struct {
	noClaimWords  map[string]bool
	noClaimPhrase []string
	docMarkers    map[string]bool
	docScopes     map[string]bool
	docBases      map[string]bool
	docNouns      map[string]bool
	passPhrases   []string
	testLeads     map[string]bool
	testNouns     map[string]bool
	testNotNext   map[string]bool
	codeVerbs     map[string]bool
	docSuffixes   []string
	codeSuffixes  map[string]bool
	buildNames    map[string]bool
	mediaSuffixes map[string]bool
	ciFiles       map[string]bool
}

var auditWords = sync.OnceValue(func() auditVocab {
	return auditVocab{
		noClaimWords:  wordSet("wip misc cleanup chore bump version release merge revert format lint whitespace style nit nits"),
		noClaimPhrase: []string{"address review", "review feedback", "rename variable"},
		docMarkers:    wordSet("doc docs documentation readme comment comments typo changelog wording rephrase clarify"),
		docScopes:     wordSet("doc docs readme changelog"),
		docBases:      wordSet("readme readme.md claude.md license license.md contributing contributing.md changelog changelog.md authors notice"),
		docNouns:      wordSet("docs documentation readme changelog guide guides guideline guidelines tutorial tutorials faq glossary docstring docstrings"),
		passPhrases:   []string{"tests pass", "test pass", "tests green", "all tests", "passing tests", "tests passing", "green build", "fix the test", "fix failing test", "fix the failing test", "fixes the test"},
		testLeads:     wordSet("test tests testing coverage assertion assertions spec specs"),
		testNouns:     wordSet("test tests testing spec specs coverage"),
		testNotNext:   wordSet("result results output outputs report reports data log logs"),
		codeVerbs:     wordSet("fix fixes fixed add adds added implement implements implemented remove removes removed delete optimize optimise refactor rename move support handle resolve resolves patch correct introduce enable disable drop migrate upgrade downgrade wire hook"),
		docSuffixes:   []string{".md", ".rst", ".txt", ".adoc", ".org"},
		codeSuffixes:  wordSet(".py .pyi .go .rs .js .jsx .mjs .cjs .ts .tsx .java .kt .kts .scala .c .h .cc .cpp .cxx .hpp .hh .cs .rb .php .swift .m .mm .sh .bash .zsh .fish .ps1 .bat .sql .tf .hcl .lua .pl .pm .r .jl .ex .exs .erl .hs .ml .clj .dart .vue .svelte .zig .nim .proto .graphql .gradle .cmake .mk .groovy .f90 .sol .asm .s .ipynb"),
		buildNames:    wordSet("makefile gnumakefile dockerfile containerfile justfile rakefile gemfile procfile vagrantfile jenkinsfile build workspace skill.md"),
		mediaSuffixes: wordSet(".png .jpg .jpeg .gif .svg .ico .webp .bmp .pdf .mp4 .mov .webm .mp3 .wav .ttf .woff .woff2"),
		ciFiles:       wordSet(".gitlab-ci.yml .travis.yml jenkinsfile azure-pipelines.yml .drone.yml bitbucket-pipelines.yml appveyor.yml .circleci/config.yml"),
	}
})

// words splits a lower-cased subject into words, punctuation trimmed.
func words(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if w = strings.Trim(w, ".,;:!?\"'`()[]{}<>*"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// subjectParts splits "<head>: <rest>" when head is a short scope (under
// 30 characters, no space); otherwise head is "".
func subjectParts(low string) (head, rest string) {
	if h, r, ok := strings.Cut(low, ":"); ok && len(h) < 30 && !strings.ContainsAny(h, " \t") && h != "" {
		return h, strings.TrimSpace(r)
	}
	return "", low
}

// leadWord normalises a conventional-commit head: "feat(auth)!" → "feat".
func leadWord(h string) string {
	if i := strings.IndexByte(h, '('); i >= 0 {
		h = h[:i]
	}
	return strings.TrimRight(h, "!")
}

func convScope(h string) string {
	i, j := strings.IndexByte(h, '('), strings.IndexByte(h, ')')
	if i >= 0 && j > i {
		return h[i+1 : j]
	}
	return ""
}

func isDocPath(p string) bool {
	lp := strings.ToLower(p)
	for _, s := range auditWords().docSuffixes {
		if strings.HasSuffix(lp, s) {
			return true
		}
	}
	return strings.HasPrefix(lp, "docs/") || strings.HasPrefix(lp, "doc/") || auditWords().docBases[path.Base(lp)]
}

// ClaimKind reads what a subject claims, first match wins: none (a
// no-claim word), doc, test, doc again (a second chance), code_effect (a
// code verb leads), else none.
func ClaimKind(subject string) string {
	low := strings.ToLower(strings.TrimSpace(subject))
	ws := words(low)
	for _, w := range ws {
		if auditWords().noClaimWords[w] {
			return ClaimNone
		}
	}
	for _, p := range auditWords().noClaimPhrase {
		if strings.Contains(low, p) {
			return ClaimNone
		}
	}
	head, rest := subjectParts(low)
	var leads []string
	if head != "" {
		leads = append(leads, leadWord(head))
		if rw := words(rest); len(rw) > 0 {
			leads = append(leads, rw[0])
		}
	} else if len(ws) > 0 {
		leads = append(leads, ws[0])
	}
	if len(leads) > 0 && auditWords().docMarkers[leads[0]] || head != "" && (isDocPath(head) || auditWords().docScopes[convScope(head)]) {
		return ClaimDoc
	}
	for _, p := range auditWords().passPhrases {
		if strings.Contains(low, p) {
			return ClaimTest
		}
	}
	for _, l := range leads {
		if auditWords().testLeads[l] {
			return ClaimTest
		}
	}
	remaining := words(rest) // after the lead word of the rest
	if len(remaining) > 0 {
		remaining = remaining[1:]
	}
	for i := 0; i < len(remaining) && i < 3; i++ {
		if auditWords().testNouns[remaining[i]] && (i+1 >= len(remaining) || !auditWords().testNotNext[remaining[i+1]]) {
			return ClaimTest
		}
	}
	for _, l := range leads {
		if auditWords().docMarkers[l] {
			return ClaimDoc
		}
	}
	for i, w := range ws {
		if isDocPath(w) && strings.Contains(w, ".") || i < 8 && auditWords().docNouns[w] {
			return ClaimDoc
		}
	}
	if strings.Contains(low, "table of contents") {
		return ClaimDoc
	}
	for _, l := range leads {
		if auditWords().codeVerbs[l] {
			return ClaimCode
		}
	}
	return ClaimNone
}

// File classes.
const (
	FileSource = "source"
	FileTest   = "test"
	FileCI     = "ci"
	FileData   = "data"
	FileDoc    = "doc"
)

// IsTestPath reports a test file: under tests/, test/, spec/, specs/ or
// __tests__/, or named test_*, *_test.*, *.test.* or *.spec.*.
func IsTestPath(p string) bool {
	lp := "/" + strings.ToLower(p)
	for _, d := range []string{"/test/", "/tests/", "/spec/", "/specs/", "/__tests__/"} {
		if strings.Contains(lp, d) {
			return true
		}
	}
	b := path.Base(lp)
	stem := strings.TrimSuffix(b, path.Ext(b))
	return strings.HasPrefix(b, "test_") || strings.HasSuffix(stem, "_test") || strings.HasSuffix(stem, ".test") || strings.HasSuffix(stem, ".spec")
}

// IsCIPath reports a CI definition: .github/workflows/*.yml|yaml or a
// known CI file.
func IsCIPath(p string) bool {
	lp := strings.ToLower(p)
	if strings.HasPrefix(lp, ".github/workflows/") && (strings.HasSuffix(lp, ".yml") || strings.HasSuffix(lp, ".yaml")) {
		return true
	}
	return auditWords().ciFiles[lp] || auditWords().ciFiles[path.Base(lp)]
}

// IsSourcePath reports a code file: a code suffix, a build file
// (Makefile, Dockerfile, …, skill.md), a dotfile or a name with no
// extension.
func IsSourcePath(p string) bool {
	b := strings.ToLower(path.Base(p))
	ext := path.Ext(b)
	switch {
	case auditWords().codeSuffixes[ext], auditWords().buildNames[b], strings.HasPrefix(b, "dockerfile."):
		return true
	case strings.HasPrefix(b, ".") && strings.Count(b, ".") == 1:
		return true
	case ext == "":
		return true
	}
	return false
}

// FileClass names the class a path counts in for a code-effect claim.
func FileClass(p string) string {
	switch {
	case IsCIPath(p):
		return FileCI
	case IsSourcePath(p):
		return FileSource
	case isDocPath(p) && !strings.HasPrefix(strings.ToLower(path.Base(p)), "requirements"):
		return FileDoc
	case auditWords().mediaSuffixes[strings.ToLower(path.Ext(p))]:
		return FileDoc
	}
	return FileData
}

// CommitAudit is one commit's audit.
type CommitAudit struct {
	SHA         string   `json:"sha"`
	Verdict     string   `json:"verdict"` // OK | UNWITNESSED | ABSTAIN
	ClaimKind   string   `json:"claim_kind"`
	Witness     string   `json:"witness"` // diff-witnessed | test-witnessed | data-witnessed | ci-witnessed | docs-ok | subject-only | none
	Reason      string   `json:"reason"`
	SourceFiles []string `json:"source_files"`
	TestFiles   []string `json:"test_files"`
	CIFiles     []string `json:"ci_files"`
	DataFiles   []string `json:"data_files"`
}

// AuditOne judges one commit's claim against its diff.
func AuditOne(c AuditCommit, docsOK bool) CommitAudit {
	a := CommitAudit{SHA: c.Short, ClaimKind: ClaimKind(c.Subject), SourceFiles: []string{}, TestFiles: []string{}, CIFiles: []string{}, DataFiles: []string{}}
	if a.SHA == "" {
		a.SHA = ShortSHA(c.SHA)
	}
	added, deleted := 0, 0
	for _, f := range c.Files {
		if IsTestPath(f.Path) {
			a.TestFiles = append(a.TestFiles, f.Path)
			added, deleted = added+f.Added, deleted+f.Deleted
		}
		switch FileClass(f.Path) {
		case FileSource:
			a.SourceFiles = append(a.SourceFiles, f.Path)
		case FileCI:
			a.CIFiles = append(a.CIFiles, f.Path)
		case FileData:
			a.DataFiles = append(a.DataFiles, f.Path)
		}
	}
	low := strings.ToLower(c.Subject)
	set := func(verdict, witness, format string, args ...any) CommitAudit {
		a.Verdict, a.Witness, a.Reason = verdict, witness, fmt.Sprintf(format, args...)
		return a
	}
	switch a.ClaimKind {
	case ClaimNone:
		return set(AuditAbstain, "none", "no checkable claim in the subject")
	case ClaimDoc:
		if len(c.Files) == 0 {
			return set(AuditUnwitnessed, "subject-only", "doc claim but the commit is EMPTY (no files changed) — the claim rests on the subject text")
		}
		return set(AuditOK, "diff-witnessed", "doc claim, %d file(s) changed", len(c.Files))
	case ClaimTest:
		switch {
		case len(a.TestFiles) == 0:
			return set(AuditUnwitnessed, "subject-only", "test claim but the diff touches no test file%s — the claim rests on the subject text", only(c.Files))
		case passClaim(low) && !strings.Contains(low, "rename") && !strings.Contains(low, "move") && deleted > added:
			return set(AuditUnwitnessed, "subject-only", "claims tests PASS but net-DELETES test lines (+%d/-%d) — deleting tests is not making them pass", added, deleted)
		}
		return set(AuditOK, "test-witnessed", "test claim, %d test file(s) changed (+%d/-%d)", len(a.TestFiles), added, deleted)
	}
	head, _ := subjectParts(low)
	ciTyped := head != "" && (leadWord(head) == "ci" || convScope(head) == "ci")
	switch {
	case len(a.SourceFiles) > 0:
		return set(AuditOK, "diff-witnessed", "code-effect claim, %d source file(s) changed", len(a.SourceFiles))
	case len(a.CIFiles) > 0 && ciTyped:
		return set(AuditOK, "ci-witnessed", "ci claim, %d CI file(s) changed", len(a.CIFiles))
	case len(a.DataFiles) > 0:
		return set(AuditOK, "data-witnessed", "code-effect claim, %d data file(s) changed", len(a.DataFiles))
	case len(c.Files) == 0:
		return set(AuditUnwitnessed, "subject-only", "code-effect claim but the commit is EMPTY (no files changed) — the claim rests on the subject text")
	case docsOK:
		return set(AuditOK, "docs-ok", "code-effect claim on a docs-only diff, accepted by --docs-ok")
	}
	return set(AuditUnwitnessed, "subject-only", "code-effect claim but the diff touches no SOURCE file%s — the claim rests on the subject text", only(c.Files))
}

func passClaim(low string) bool {
	for _, p := range auditWords().passPhrases {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}

// only names up to 4 of the files a diff touched: " (only: a, b …)".
func only(fs []CommitFile) string {
	if len(fs) == 0 {
		return ""
	}
	names := make([]string, 0, 4)
	for i, f := range fs {
		if i == 4 {
			names = append(names, "…")
			break
		}
		names = append(names, f.Path)
	}
	return " (only: " + strings.Join(names, ", ") + ")"
}

// AuditKindCounts is one claim kind's tally in a sweep.
type AuditKindCounts struct {
	Unwitnessed int `json:"unwitnessed"`
	Witnessed   int `json:"witnessed"`
	Abstain     int `json:"abstain"`
}

// CommitAuditDetail is commit-audit's detail: the sweep's counts and the
// unwitnessed shas, never a subject.
type CommitAuditDetail struct {
	Ref             string                     `json:"ref"`
	Commits         int                        `json:"commits"`
	Checkable       int                        `json:"checkable"` // witnessed + unwitnessed
	Abstained       int                        `json:"abstained"`
	Witnessed       int                        `json:"witnessed"`
	Unwitnessed     int                        `json:"unwitnessed"`
	DriftRate       float64                    `json:"drift_rate"` // unwitnessed / checkable, 0 when none
	ByKind          map[string]AuditKindCounts `json:"by_kind"`
	UnwitnessedSHAs []string                   `json:"unwitnessed_shas"`
	DocsOK          bool                       `json:"docs_ok,omitempty"`
	Reason          string                     `json:"reason"` // all-witnessed | unwitnessed | no-claims | no-commits
}

// ClassifyCommitAudit audits every commit and folds the sweep: any
// unwitnessed → UNWITNESSED; some witnessed → WITNESSED; only abstentions
// → NO_CLAIMS; no commits → EMPTY.
func ClassifyCommitAudit(ref string, commits []AuditCommit, docsOK bool) (Verdict, CommitAuditDetail, []CommitAudit) {
	d := CommitAuditDetail{Ref: ref, Commits: len(commits), ByKind: map[string]AuditKindCounts{}, UnwitnessedSHAs: []string{}, DocsOK: docsOK}
	audits := make([]CommitAudit, 0, len(commits))
	for _, c := range commits {
		a := AuditOne(c, docsOK)
		k := d.ByKind[a.ClaimKind]
		switch a.Verdict {
		case AuditOK:
			d.Witnessed++
			k.Witnessed++
		case AuditUnwitnessed:
			d.Unwitnessed++
			k.Unwitnessed++
			d.UnwitnessedSHAs = append(d.UnwitnessedSHAs, a.SHA)
		default:
			d.Abstained++
			k.Abstain++
		}
		d.ByKind[a.ClaimKind] = k
		audits = append(audits, a)
	}
	d.Checkable = d.Witnessed + d.Unwitnessed
	if d.Checkable > 0 {
		d.DriftRate = float64(d.Unwitnessed) / float64(d.Checkable)
	}
	var b strings.Builder
	for _, a := range audits {
		mark := map[string]string{AuditOK: "✓ witnessed  ", AuditUnwitnessed: "⚑ UNWITNESSED", AuditAbstain: "· abstain    "}[a.Verdict]
		fmt.Fprintf(&b, "\n%s %s  [%s]  %s", mark, a.SHA, a.Witness, a.Reason)
	}
	var v Verdict
	switch {
	case d.Commits == 0:
		v = Verdictf(VerdictEmpty, "no-commits", "no commits in range (nothing to check)")
	case d.Unwitnessed > 0:
		v = Verdictf(VerdictUnwitnessed, "unwitnessed", "%d/%d commit(s) make a claim their diff does not witness%s", d.Unwitnessed, d.Commits, b.String())
	case d.Witnessed > 0:
		v = Verdictf(VerdictWitnessed, "all-witnessed", "every claim of %d commit(s) is witnessed by its diff%s", d.Commits, b.String())
	default:
		v = Verdictf(VerdictNoClaims, "no-claims", "none of %d commit(s) makes a checkable claim%s", d.Commits, b.String())
	}
	d.Reason = v.Reason
	return v, d, audits
}

// SweepText renders the sweep summary rows.
func (d CommitAuditDetail) SweepText() string {
	kinds := make([]string, 0, len(d.ByKind))
	for k := range d.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "commits      %d\ncheckable    %d\nabstained    %d\nwitnessed    %d\nunwitnessed  %d\n", d.Commits, d.Checkable, d.Abstained, d.Witnessed, d.Unwitnessed)
	for _, k := range kinds {
		c := d.ByKind[k]
		fmt.Fprintf(&b, "  %-12s unwitnessed %d  witnessed %d  abstain %d\n", k, c.Unwitnessed, c.Witnessed, c.Abstain)
	}
	fmt.Fprintf(&b, "DRIFT RATE (unwitnessed/checkable): %.1f%%", d.DriftRate*100)
	return b.String()
}
