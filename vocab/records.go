package vocab

import (
	"fmt"
	"path"
	"strings"
	"time"
)

// The record vocabulary: every name, token and detail shape a kernel
// syscall writes. docs/RECORDS.md is the same contract as a table; the
// projections read records through these constants and structs.

// Source of every record the CLI appends.
const SourceCLI = "cli"

// Syscall names (a record's `syscall`).
const (
	SysRunStart       = "run.start"
	SysRunEnd         = "run.end"
	SysIntentDeclare  = "intent.declare"
	SysIntentClaim    = "intent.claim"
	SysHalt           = "halt"
	SysVerify         = "verify"
	SysLiveness       = "liveness"
	SysProductivity   = "productivity"
	SysEfficiency     = "efficiency"
	SysBreaker        = "breaker"
	SysReward         = "reward"
	SysHookExit       = "hook-exit"
	SysExecCapability = "exec-capability"
	SysImprove        = "improve"
)

// Syscalls of records no verb of the table writes: the journal's own
// repair and the notifiers' memory of what they sent. Their writers
// (journal, notifiers) keep the same names; a test holds them equal.
const (
	SysJournalRepair   = "journal.repair"
	SysNotifyDecisions = "notify.decisions"
	SysNotifyTop       = "notify.top"

	// VerdictRepaired is the journal.repair record's token.
	VerdictRepaired = "REPAIRED"
)

// Syscalls lists every syscall a record of this build can carry: each
// verb's, then the journal's and the notifiers'.
func Syscalls() []string {
	var out []string
	for _, v := range verbs {
		out = append(out, v.Syscall)
	}
	return append(out, SysJournalRepair, SysNotifyDecisions, SysNotifyTop)
}

// Tokens lists every verdict token a record of this build can carry, each
// once, in the verb table's order.
func Tokens() []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range verbs {
		for _, o := range v.Outcomes {
			if o.Token != "" && !seen[o.Token] {
				seen[o.Token] = true
				out = append(out, o.Token)
			}
		}
	}
	return append(out, VerdictRepaired)
}

// Verdict tokens (a record's `verdict`). Run and intent records other than
// halt carry the empty verdict.
const (
	VerdictShipped    = "SHIPPED"
	VerdictNotShipped = "NOT_SHIPPED"

	VerdictAdvancing = "ADVANCING"
	VerdictSpinning  = "SPINNING"
	VerdictStalled   = "STALLED" // liveness and productivity

	VerdictProductive  = "PRODUCTIVE"
	VerdictDiminishing = "DIMINISHING"

	VerdictEfficient = "EFFICIENT"
	VerdictCostly    = "COSTLY"
	VerdictWasteful  = "WASTEFUL"

	VerdictClosed = "CLOSED"
	VerdictOpen   = "OPEN"

	VerdictAccept       = "ACCEPT"
	VerdictRejectPoison = "REJECT_POISON"
	VerdictAbstain      = "ABSTAIN"
	VerdictNoClaim      = "NO_CLAIM"

	VerdictPass    = "PASS"
	VerdictBlock   = "BLOCK"
	VerdictWarn    = "WARN"
	VerdictDefer   = "DEFER"
	VerdictObserve = "OBSERVE"

	VerdictGrantsExec = "GRANTS_ARBITRARY_EXEC"
	VerdictBounded    = "BOUNDED"
	VerdictEmpty      = "EMPTY"

	VerdictKeep     = "KEEP"
	VerdictRevert   = "REVERT"
	VerdictEscalate = "ESCALATE"

	VerdictProposed = "PROPOSED"
)

// Reason codes (detail `reason`): a closed set per syscall, never free text.
const (
	// verify
	ReasonShipped     = "stamped-commit" // a stamped commit changed files
	ReasonNoStamp     = "no-stamp"       // no reachable commit carries the stamp
	ReasonEmptyCommit = "empty-commit"   // only commits that changed no files carry it
	ReasonDosOnly     = "dos-files-only" // the stamped commits changed only dos's own state (.dos/, the journal)

	// liveness
	ReasonCommitsLanded = "commits-landed" // a commit landed within spin-after
	ReasonWorkRecorded  = "work-recorded"  // a SHIPPED verify within spin-after
	ReasonWarmingUp     = "warming-up"     // younger than spin-after, still heard
	ReasonNoLanding     = "no-landing"     // heard, but nothing landed for spin-after
	ReasonSilent        = "silent"         // nothing heard for stall-after

	// productivity
	ReasonTooFewSteps = "too-few-steps"
	ReasonLastZero    = "last-delta-zero"
	ReasonBelowFloor  = "below-floor" // also efficiency
	ReasonWorking     = "working"

	// efficiency
	ReasonNoTokens       = "no-tokens" // checked first: zero spend is EFFICIENT
	ReasonUnderMinTokens = "under-min-tokens"
	ReasonNoWork         = "no-work"
	ReasonEfficient      = "efficient"

	// breaker
	ReasonConsecutive = "consecutive"
	ReasonTotal       = "total"
	ReasonUnderLimits = "under-limits"

	// reward
	ReasonNoClaim   = "no-claim"
	ReasonWitnessed = "witnessed"
	ReasonRefuted   = "refuted"
	ReasonContested = "contested" // confirm and refute both
	ReasonForgeable = "forgeable-witness"
	ReasonNoWitness = "no-witness"

	// hook-exit
	ReasonExitZero = "exit-zero"
	ReasonExitTwo  = "exit-two"
	ReasonMapped   = "mapped"
	ReasonUnmapped = "unmapped"

	// exec-capability
	ReasonBlank      = "blank"
	ReasonArbitrary  = "arbitrary-exec"
	ReasonBoundedP   = "bounded-program"
	ReasonUnparsable = "unparsable" // GRANTS: the line does not parse, so it is judged as the worst case

	// improve
	ReasonSuiteRed    = "suite-red"
	ReasonTruthDirty  = "truth-dirty"
	ReasonImproved    = "improved"
	ReasonNotImproved = "not-improved"
	ReasonSpendCostly = "spend-inefficient"
)

// HaltReasons is the closed set of `dos halt --reason` codes.
var haltReasons = []string{"spinning", "stalled", "diminishing", "wasteful", "breaker-open", "lease-conflict", "false-claim", "operator"}

// HaltReasons returns the closed set of halt reason codes.
func HaltReasons() []string { return append([]string(nil), haltReasons...) }

// RunStatuses is the closed set of `dos run end --status` values.
var runStatuses = []string{"done", "failed", "aborted", "halted"}

// RunStatuses returns the closed set of run.end statuses.
func RunStatuses() []string { return append([]string(nil), runStatuses...) }

// ObserverSyscall reports whether records of syscall s are written about a
// run by someone watching it (so they never count as the run being heard).
func ObserverSyscall(s string) bool { return s == SysLiveness || s == SysHalt }

// Detail shapes, one per syscall. Times are RFC 3339 UTC. No field holds
// text an agent wrote: tokens are validated, commands are hashed.

// RunStartDetail is run.start's detail (subject = --name, verdict "").
type RunStartDetail struct {
	PID int `json:"pid"`
}

// RunEndDetail is run.end's detail.
type RunEndDetail struct {
	Status string `json:"status"` // one of RunStatuses
	// Released are the lanes whose leases run end released (each with its
	// own lease.release record before this one).
	Released []string `json:"released,omitempty"`
}

// IntentDeclareDetail is intent.declare's detail (subject = plan when given).
type IntentDeclareDetail struct {
	Plan  string   `json:"plan,omitempty"`
	Steps []string `json:"steps"`
}

// IntentClaimDetail is intent.claim's detail (subject = the step): the
// claim and what git said about the step when it was made.
type IntentClaimDetail struct {
	Plan         string `json:"plan,omitempty"`
	Step         string `json:"step"`
	Head         string `json:"head,omitempty"` // the sha HEAD resolved to
	Via          string `json:"via"`            // grep-subject | none
	SHA          string `json:"sha,omitempty"`  // the commit backing the claim, SHIPPED only
	FilesChanged int    `json:"files_changed"`
	Reason       string `json:"reason"` // stamped-commit | no-stamp | empty-commit | dos-files-only
}

// HaltDetail is halt's detail (kind intent, verdict PROPOSED).
type HaltDetail struct {
	Reason string `json:"reason"` // one of HaltReasons
}

// VerifyDetail is verify's detail (subject = the phase).
type VerifyDetail struct {
	Plan         string `json:"plan"`
	Phase        string `json:"phase"`
	Ref          string `json:"ref"`           // as given, default HEAD
	Head         string `json:"head"`          // the full sha ref resolved to
	Via          string `json:"via"`           // grep-subject | none
	SHA          string `json:"sha,omitempty"` // full sha of the shipping commit
	FilesChanged int    `json:"files_changed"` // files the shipping commit changed
	Stamped      int    `json:"stamped"`       // reachable commits whose subject carries the stamp
	EmptyStamped int    `json:"empty_stamped"` // of those, commits that changed no file
	// DosOnlyStamped counts the stamped commits that changed only dos's
	// own state (.dos/, the journal); omitted when 0.
	DosOnlyStamped int    `json:"dos_only_stamped,omitempty"`
	Reason         string `json:"reason"` // stamped-commit | no-stamp | empty-commit | dos-files-only
}

// LivenessDetail is liveness's detail (run_id = the run judged).
type LivenessDetail struct {
	StartSHA          string    `json:"start_sha,omitempty"`
	StartedAt         time.Time `json:"started_at"`
	CommitsSince      int       `json:"commits_since_start"`
	LastCommitAt      time.Time `json:"last_commit_at,omitzero"`
	Records           int       `json:"records"`    // the run's own records (observers excluded)
	Heartbeats        int       `json:"heartbeats"` // of those, lease.heartbeat
	LastHeardAt       time.Time `json:"last_heard_at,omitzero"`
	LastWorkAt        time.Time `json:"last_work_at,omitzero"`
	QuietSeconds      int64     `json:"quiet_seconds"` // now − last heard (records or commits)
	IdleSeconds       int64     `json:"idle_seconds"`  // now − last landing (or start)
	SpinAfterSeconds  int64     `json:"spin_after_seconds"`
	StallAfterSeconds int64     `json:"stall_after_seconds"`
	Reason            string    `json:"reason"`
}

// ProductivityDetail is productivity's detail.
type ProductivityDetail struct {
	Deltas   []int64 `json:"deltas"`
	MinSteps int     `json:"min_steps"`
	Floor    int64   `json:"floor"`
	Reason   string  `json:"reason"`
}

// EfficiencyDetail is efficiency's detail.
type EfficiencyDetail struct {
	Work       int64   `json:"work"`
	Tokens     int64   `json:"tokens"`
	MinTokens  int64   `json:"min_tokens"`
	Floor      float64 `json:"floor"`
	Ratio      float64 `json:"ratio"`                 // work / tokens, 0 when tokens is 0
	UsageShape string  `json:"usage_shape,omitempty"` // additive | inclusive, with --usage-json
	Reason     string  `json:"reason"`
}

// BreakerDetail is breaker's detail.
type BreakerDetail struct {
	Consecutive    int    `json:"consecutive"`
	Total          int    `json:"total"`
	MaxConsecutive int    `json:"max_consecutive"` // 0 disables that trip
	MaxTotal       int    `json:"max_total"`       // 0 disables that trip
	OnTrip         string `json:"on_trip"`         // none | judge | human
	Reason         string `json:"reason"`          // consecutive | total | under-limits
}

// RewardDetail is reward's detail.
type RewardDetail struct {
	Claim     bool   `json:"claim"`
	Confirm   bool   `json:"confirm"`
	Refute    bool   `json:"refute"`
	Forgeable bool   `json:"forgeable"`
	Reason    string `json:"reason"`
}

// HookExitDetail is hook-exit's detail.
type HookExitDetail struct {
	Code   int               `json:"code"`
	Map    map[string]string `json:"map,omitempty"` // exit code → verdict, from --map
	Reason string            `json:"reason"`
}

// ExecCapabilityDetail is exec-capability's detail. The command itself is
// agent text, so only its hash and shape are kept.
type ExecCapabilityDetail struct {
	CommandSHA256 string `json:"command_sha256"`
	Words         int    `json:"words"`
	Segments      int    `json:"segments"`          // simple commands (split at ; & | && || and $(…))
	Wrappers      int    `json:"wrappers"`          // env/sudo/nice/… skipped
	Assignments   int    `json:"assignments"`       // VAR=x skipped
	Class         string `json:"class,omitempty"`   // interpreter | shell | package-runner | extra
	Matched       string `json:"matched,omitempty"` // the listed program name it matched
	Reason        string `json:"reason"`
}

// ImproveDetail is improve's detail.
type ImproveDetail struct {
	SuitePassed  bool   `json:"suite_passed"`
	TruthClean   bool   `json:"truth_clean"`
	Work         int64  `json:"work"`
	BaselineWork int64  `json:"baseline_work"`
	Tokens       int64  `json:"tokens"`
	RevertStreak int    `json:"revert_streak"` // consecutive reverts including this one (0 on KEEP)
	MaxReverts   int    `json:"max_reverts"`
	Reason       string `json:"reason"`
}

// ValidToken reports whether s is a plan, phase, step, lane or name token:
// ^[A-Za-z][A-Za-z0-9_.-]{0,63}$ (checked by hand: a regexp compiled at
// init would cost every dos process a third of a millisecond).
func ValidToken(s string) bool {
	if len(s) == 0 || len(s) > 64 || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// CheckToken returns a usage error naming what is wrong with token s.
func CheckToken(what, s string) error {
	if !ValidToken(s) {
		return fmt.Errorf("%s %q is not a token: start with a letter, then up to 63 letters, digits, '_', '.' or '-'", what, s)
	}
	return nil
}

// CleanLeasePath validates one lease path (repo-relative, no "..") and
// returns it cleaned, with a trailing "/" kept for directories; "." is the
// whole tree.
func CleanLeasePath(p string) (string, error) {
	if p == "" || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\x00\n") {
		return "", fmt.Errorf("lease path %q must be a non-empty path relative to the workspace", p)
	}
	dir := strings.HasSuffix(p, "/")
	c := path.Clean(p)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("lease path %q leaves the workspace", p)
	}
	if c == "." {
		return ".", nil // the whole tree
	}
	if dir {
		c += "/"
	}
	return c, nil
}
