package vocab

// The truth syscalls the reference has beyond verify and liveness, and its
// picker substrate: each a pure classifier in its own file, an edge in
// kernel/ and one record per call. Exit codes follow the reference's.

// Syscalls of the truth verbs.
const (
	SysVerifyResult  = "verify-result"
	SysCoverage      = "coverage"
	SysCommitAudit   = "commit-audit"
	SysStatus        = "status"
	SysRewind        = "rewind"
	SysArgProvenance = "arg-provenance"
	SysPickable      = "pickable"
	SysEnumerate     = "enumerate"
	SysCooldown      = "cooldown"
	SysPickPriority  = "pick-priority"
	SysReconcile     = "reconcile"
	SysIDAlloc       = "id.alloc"
)

// Verdict tokens of the truth verbs.
const (
	VerdictDead       = "DEAD"
	VerdictUnreadable = "UNREADABLE"

	VerdictFull        = "FULL"
	VerdictUnderfilled = "UNDERFILLED"
	VerdictStarved     = "STARVED"
	VerdictOverfilled  = "OVERFILLED"

	VerdictWitnessed   = "WITNESSED"
	VerdictUnwitnessed = "UNWITNESSED"
	VerdictNoClaims    = "NO_CLAIMS"

	VerdictNoRewind   = "NO_REWIND"
	VerdictRewind     = "REWIND"
	VerdictUnanchored = "UNANCHORED"

	VerdictBelieve     = "BELIEVE"
	VerdictUnsupported = "UNSUPPORTED"

	VerdictOfferable       = "OFFERABLE"
	VerdictDraftClass      = "DRAFT_CLASS"
	VerdictOperatorGated   = "OPERATOR_GATED"
	VerdictSoakOpen        = "SOAK_OPEN"
	VerdictDependencyUnmet = "DEPENDENCY_UNMET"
	VerdictInFlight        = "IN_FLIGHT"
	VerdictSoftClaimedElse = "SOFT_CLAIMED_ELSEWHERE"
	VerdictStaleClaim      = "STALE_CLAIM"
	VerdictCooldown        = "COOLDOWN"
	VerdictUnparseable     = "UNPARSEABLE"
	VerdictDrift           = "DRIFT"
	VerdictClear           = "CLEAR"
	VerdictRecentlyAttempt = "RECENTLY_ATTEMPTED"
	VerdictNeverAttempted  = "NEVER_ATTEMPTED"
	VerdictAttempted       = "ATTEMPTED"
	VerdictVerified        = "VERIFIED"
	VerdictQuietIncomplete = "QUIET_INCOMPLETE"
	VerdictHonestOpen      = "HONEST_OPEN"
	VerdictAllocated       = "ALLOCATED"
)

var truthVerbs = []Verb{
	{"verify-result", SysVerifyResult, KindVerdict, "did a worker's harness die mid-task? (its transcript's terminal record)", []Outcome{
		{VerdictHealthy, 0, ClassOK, "the last assistant record is a real model's, with content"},
		{VerdictUnreadable, 0, ClassInfo, "the transcript cannot be read: not a witnessed death"},
		{VerdictDead, 3, ClassFail, "the terminal is harness-authored (SYNTHETIC) or has no content (EMPTY)"},
	}},
	{"coverage", SysCoverage, KindVerdict, "how many of N declared fan-out workers returned a real result?", []Outcome{
		{VerdictFull, 0, ClassOK, "every declared worker returned a real result"},
		{VerdictEmpty, 0, ClassInfo, "nothing was declared (declared 0)"},
		{VerdictUnderfilled, 3, ClassWarn, "some, not all, returned a real result: fold as a sub-quorum sample"},
		{VerdictStarved, 3, ClassFail, "none returned a real result: nothing to fold"},
		{VerdictOverfilled, 3, ClassWarn, "more healthy results than declared workers"},
	}},
	{"commit-audit", SysCommitAudit, KindVerdict, "does each commit's subject claim what its own diff shows?", []Outcome{
		{VerdictWitnessed, 0, ClassOK, "every claim a subject makes is witnessed by its diff"},
		{VerdictNoClaims, 0, ClassInfo, "no commit makes a checkable claim"},
		{VerdictEmpty, 0, ClassInfo, "no commits in the range (nothing to check)"},
		{VerdictUnwitnessed, 1, ClassWarn, "some commit claims what its diff does not show (exit 0 with --warn-only)"},
	}},
	{"status", SysStatus, KindVerdict, "the one folded fact about a run: liveness, verified progress, region", []Outcome{
		{VerdictAdvancing, 0, ClassOK, "the run is advancing (liveness)"},
		{VerdictSpinning, 3, ClassWarn, "the run is heard from but nothing lands"},
		{VerdictStalled, 4, ClassFail, "nothing heard from the run, or it never beat"},
	}},
	{"rewind", SysRewind, KindVerdict, "where may a stopped run's conversation rewind to? (advice; never truncates)", []Outcome{
		{VerdictNoRewind, 0, ClassInfo, "no ground-truth stop signal fired (--fire not given)"},
		{VerdictRewind, 0, ClassOK, "a checkpoint minted at SUSPEND matches the transcript: rewind to it"},
		{VerdictUnanchored, 3, ClassWarn, "a signal fired but no checkpoint matches the transcript"},
	}},
	{"arg-provenance", SysArgProvenance, KindVerdict, "did a mutating call's id-shaped arguments come from bytes the environment wrote?", []Outcome{
		{VerdictBelieve, 0, ClassOK, "every id-shaped argument is traced to the corpus (or the call is a read, or the corpus is empty)"},
		{VerdictUnsupported, 3, ClassFail, "an id-shaped argument appears in no environment-authored bytes: looks model-minted"},
	}},
	{"pickable", SysPickable, KindVerdict, "may this unit be picked up now?", []Outcome{
		{VerdictOfferable, 0, ClassOK, "nothing holds the unit"},
		{VerdictDraftClass, 10, ClassInfo, "held: the plan is a DRAFT (re-dispatch-invariant)"},
		{VerdictOperatorGated, 11, ClassInfo, "held: an operator gate is open (re-dispatch-invariant)"},
		{VerdictSoakOpen, 12, ClassInfo, "held: a soak window is open (re-dispatch-invariant)"},
		{VerdictDependencyUnmet, 13, ClassInfo, "held: a dependency is not met (re-dispatch-invariant)"},
		{VerdictInFlight, 20, ClassInfo, "held: the unit is in flight"},
		{VerdictSoftClaimedElse, 21, ClassInfo, "held: soft-claimed by another loop"},
		{VerdictStaleClaim, 22, ClassWarn, "held: a stale claim sits on it"},
		{VerdictCooldown, 23, ClassInfo, "held: its cooldown wall is in the future"},
		{VerdictUnparseable, 24, ClassWarn, "held: the unit cannot be parsed"},
		{VerdictShipped, 25, ClassOK, "held: the unit already shipped"},
	}},
	{"enumerate", SysEnumerate, KindVerdict, "which units does a plan document declare, and which shipped?", []Outcome{
		{VerdictClean, 0, ClassOK, "units found, no drift"},
		{VerdictDrift, 3, ClassWarn, "units found, with drift notes"},
		{VerdictEmpty, 4, ClassInfo, "no unit ids found in the document"},
	}},
	{"cooldown", SysCooldown, KindVerdict, "was this unit attempted too recently to offer again?", []Outcome{
		{VerdictClear, 0, ClassOK, "no attempt holds the unit (or the last one shipped)"},
		{VerdictRecentlyAttempt, 3, ClassWarn, "the last attempt's cooldown window has not elapsed"},
	}},
	{"pick-priority", SysPickPriority, KindVerdict, "how fresh is this unit for picking? (never-attempted first)", []Outcome{
		{VerdictNeverAttempted, 0, ClassOK, "no attempt recorded: sort key [0,0]"},
		{VerdictAttempted, 3, ClassInfo, "attempted before: sort key [1, last attempt ms]"},
	}},
	{"reconcile", SysReconcile, KindVerdict, "did a unit's claimed completion hold against the oracle?", []Outcome{
		{VerdictVerified, 0, ClassOK, "the oracle confirms the unit shipped"},
		{VerdictQuietIncomplete, 3, ClassFail, "claimed done, but the oracle does not confirm it"},
		{VerdictHonestOpen, 4, ClassWarn, "not claimed and not shipped: honestly open"},
	}},
	{"id-alloc allocate", SysIDAlloc, KindVerdict, "allocate the next never-reused id of a scope", []Outcome{
		{VerdictAllocated, 0, ClassInfo, "the id is the scope's high-water mark + 1 (or --start on a new scope)"},
	}},
}
