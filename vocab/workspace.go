package vocab

// The workspace verbs: `dos init`, `dos lint`, `dos doctor` and `dos plan`
// read (or, init, scaffold) the workspace's own rules and append nothing.
const (
	VerdictWrote     = "WROTE"     // init: the scaffolding was written
	VerdictExists    = "EXISTS"    // init: dos.toml is already there; nothing was overwritten
	VerdictClean     = "CLEAN"     // lint: no finding that fails the run
	VerdictFindings  = "FINDINGS"  // lint: an error (or, without --strict, a warning)
	VerdictHealthy   = "HEALTHY"   // doctor: every check passed
	VerdictUnhealthy = "UNHEALTHY" // doctor --check: some check failed
)

var workspaceVerbs = []Verb{
	{"init", "", "", "scaffold dos.toml (lanes from the top-level directories) and .dos/.gitignore; never overwrites", []Outcome{
		{VerdictWrote, 0, ClassOK, "every step wrote what it said (or found it already in place)"},
		{VerdictExists, 1, ClassWarn, "dos.toml already exists: nothing was overwritten"},
	}},
	{"lint", "", "", "dead policy in dos.toml: undeclared lanes, lanes without trees, overlapping concurrent trees", []Outcome{
		{VerdictClean, 0, ClassOK, "no error or warning (with --strict: no error); info findings never fail"},
		{VerdictFindings, 1, ClassWarn, "an error finding, or a warning without --strict"},
	}},
	{"doctor", "", "", "is this workspace set up? git, the repository, the journal, .dos ignored, hooks, dos-pipes, dos.toml", []Outcome{
		{VerdictHealthy, 0, ClassOK, "every check passed (without --check: always)"},
		{VerdictUnhealthy, 1, ClassWarn, "--check: some check failed; each is named"},
	}},
	{"plan", "", "", "the plan board: each plan doc's phases, what was claimed, what git says, and the gap", []Outcome{
		{"", 0, ClassInfo, "always (the board reads, never judges the exit code)"},
	}},
}

// WorkspaceVerbs returns the workspace verbs: they append no record.
func WorkspaceVerbs() []Verb {
	out := make([]Verb, len(workspaceVerbs))
	copy(out, workspaceVerbs)
	return out
}

// MustWorkspaceVerb returns the workspace verb named name.
func MustWorkspaceVerb(name string) Verb {
	for _, v := range workspaceVerbs {
		if v.Name == name {
			return v
		}
	}
	panic("vocab: no workspace verb " + name)
}
