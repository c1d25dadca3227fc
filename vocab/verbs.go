package vocab

import (
	"fmt"
	"slices"
	"strings"
)

// ExitUsage is the exit code of every verb for bad input, missing evidence
// (not a git repository, an unknown sha) or a strict journal failure. It is
// never a verdict.
const ExitUsage = 2

// ExitHookUsage is a hook verb's exit code for a bad flag or dialect: hosts
// read exit 2 as "block every tool call", so a hook never exits 2.
const ExitHookUsage = 1

// UsageCode is v's exit code for bad input: ExitUsage, or ExitHookUsage
// for the hook verbs.
func (v Verb) UsageCode() int {
	if v.Kind == KindHook {
		return ExitHookUsage
	}
	return ExitUsage
}

// Outcome is one verdict a verb can return and the exit code that carries it.
type Outcome struct {
	Token   string `json:"verdict"`
	Code    int    `json:"exit_code"`
	Class   Class  `json:"class"`
	Meaning string `json:"meaning"`
}

// Verb is one kernel syscall: its CLI name, the record it appends and the
// outcomes it can return. The verbs, `dos exit-codes` and docs/RECORDS.md
// all read this one table.
type Verb struct {
	Name     string    `json:"verb"`    // CLI words, e.g. "lease acquire"
	Syscall  string    `json:"syscall"` // the record's syscall
	Kind     string    `json:"kind"`    // the record's kind
	Summary  string    `json:"summary"`
	Outcomes []Outcome `json:"outcomes"`
}

// Code returns the exit code of token for this verb.
func (v Verb) Code(token string) int {
	for _, o := range v.Outcomes {
		if o.Token == token {
			return o.Code
		}
	}
	panic(fmt.Sprintf("vocab: %s has no outcome %q", v.Syscall, token))
}

// verbs is the whole table: the core verbs below, the truth syscalls and
// the picker substrate (verbs_truth.go), then the hook verbs (hook.go).
var verbs = slices.Concat(coreVerbs, truthVerbs, hookCallVerbs)

var coreVerbs = []Verb{
	{"verify", SysVerify, KindVerdict, "did PLAN PHASE ship? (a stamped commit reachable from REF that changed files)", []Outcome{
		{VerdictShipped, 0, ClassOK, "a commit reachable from the ref is stamped PHASE: and changed at least one file"},
		{VerdictNotShipped, 1, ClassWarn, "no such commit (or only empty stamped commits)"},
	}},
	{"liveness", SysLiveness, KindVerdict, "is the run advancing, spinning or stalled?", []Outcome{
		{VerdictAdvancing, 0, ClassOK, "commits or recorded work landed within spin-after (or the run is younger than that)"},
		{VerdictSpinning, 3, ClassWarn, "the run is heard from but nothing landed for spin-after"},
		{VerdictStalled, 4, ClassFail, "nothing heard from the run for stall-after"},
	}},
	{"productivity", SysProductivity, KindVerdict, "is the run still doing work, step over step?", []Outcome{
		{VerdictProductive, 0, ClassOK, "fewer than min-steps deltas, or the last delta is not 0 and not both of the last two are under the floor"},
		{VerdictDiminishing, 3, ClassWarn, "the last two deltas are both under the floor"},
		{VerdictStalled, 4, ClassFail, "the last delta is 0"},
	}},
	{"efficiency", SysEfficiency, KindVerdict, "did the tokens buy work?", []Outcome{
		{VerdictEfficient, 0, ClassOK, "no tokens spent, tokens under min-tokens, or work/tokens at or over the floor (0: off)"},
		{VerdictCostly, 3, ClassWarn, "work/tokens under the floor"},
		{VerdictWasteful, 4, ClassFail, "tokens spent, no work"},
	}},
	{"breaker", SysBreaker, KindVerdict, "has this failure class tripped?", []Outcome{
		{VerdictClosed, 0, ClassOK, "both counters under their maxima"},
		{VerdictOpen, 3, ClassWarn, "a counter reached its maximum; stop retrying and escalate"},
	}},
	{"reward", SysReward, KindVerdict, "may a fine-tune train on this trajectory?", []Outcome{
		{VerdictAccept, 0, ClassOK, "the claim is confirmed by a witness the agent cannot forge"},
		{VerdictRejectPoison, 3, ClassFail, "a witness the agent cannot forge refutes the claim"},
		{VerdictAbstain, 4, ClassWarn, "no witness, or only a forgeable one (left out of the decision)"},
		{VerdictNoClaim, 5, ClassWarn, "nothing was claimed"},
	}},
	{"hook-exit", SysHookExit, KindVerdict, "what does a shell hook's exit code mean?", []Outcome{
		{VerdictPass, 0, ClassOK, "exit 0 (unless mapped)"},
		{VerdictBlock, 3, ClassFail, "exit 2 (unless mapped), or mapped to BLOCK"},
		{VerdictWarn, 4, ClassWarn, "any other unmapped code"},
		{VerdictDefer, 5, ClassWarn, "mapped to DEFER"},
		{VerdictObserve, 6, ClassInfo, "mapped to OBSERVE"},
	}},
	{"exec-capability", SysExecCapability, KindVerdict, "does this command grant arbitrary code execution?", []Outcome{
		{VerdictBounded, 0, ClassOK, "no simple command runs an interpreter, shell, package runner or exec wrapper"},
		{VerdictEmpty, 0, ClassInfo, "the command is blank"},
		{VerdictGrantsExec, 3, ClassFail, "a simple command runs an interpreter, shell, package runner or exec wrapper, or the line does not parse"},
	}},
	{"improve", SysImprove, KindVerdict, "keep or revert a self-improvement step?", []Outcome{
		{VerdictKeep, 0, ClassOK, "suite green, truth clean, metric up and the spend efficient"},
		{VerdictRevert, 3, ClassWarn, "red suite, dirty truth, or no efficient improvement"},
		{VerdictEscalate, 4, ClassWarn, "a revert that brings the streak to max-reverts"},
	}},
	{"lease acquire", SysLeaseAcquire, KindLease, "take a lane for this run (without --lane, or busy with --autopick: the first free autopick lane)", []Outcome{
		{VerdictGranted, 0, ClassOK, "the lane is free (or already this run's) and its tree collides with no other run's live lease"},
		{VerdictRefused, 1, ClassWarn, "another run has the lane, its tree collides with a live lease, an exclusive lane is in the way, or no lane is free"},
	}},
	{"lease release", SysLeaseRelease, KindLease, "give a lane back (run end releases every lane of the run)", []Outcome{
		{VerdictReleased, 0, ClassOK, "the lane was this run's and is free now"},
		{VerdictNotHeld, 1, ClassWarn, "this run held no live lease on the lane"},
	}},
	{"lease heartbeat", SysLeaseHeartbeat, KindLease, "renew this holder's leases and show the run is alive", []Outcome{
		{VerdictRenewed, 0, ClassOK, "every lease named (or all held) was renewed"},
		{VerdictNotHeld, 1, ClassWarn, "no live lease to renew"},
	}},
	{"arbitrate", SysArbitrate, KindVerdict, "would this lane be admitted now? (takes nothing; records only with --journal-decision)", []Outcome{
		{VerdictAdmit, 0, ClassOK, "lease acquire would grant the lane (the one named, or the autopick lane it reports)"},
		{VerdictRefuse, 1, ClassWarn, "lease acquire would refuse it; the holder in the way is named"},
	}},
	{"scope-gate", SysScopeGate, KindVerdict, "does the change stay inside the lane's tree?", []Outcome{
		{VerdictAllow, 0, ClassOK, "every touched file is in the lane's tree (shared infrastructure tolerated), or nothing was touched"},
		{VerdictScopeCreep, 5, ClassFail, "some files are in the lane's tree and some are outside it"},
		{VerdictWrongTarget, 6, ClassFail, "no touched file is in the lane's tree, or the lane declares no tree"},
	}},
	{"halt", SysHalt, KindIntent, "propose that an operator halts a run", []Outcome{
		{VerdictProposed, 0, ClassInfo, "the proposal is recorded"},
	}},
	{"run start", SysRunStart, KindRun, "mint a run id and record its start", []Outcome{{"", 0, ClassInfo, "recorded"}}},
	{"run end", SysRunEnd, KindRun, "record a run's end", []Outcome{{"", 0, ClassInfo, "recorded"}}},
	{"intent declare", SysIntentDeclare, KindIntent, "record the steps a run plans", []Outcome{{"", 0, ClassInfo, "recorded"}}},
	{"intent claim", SysIntentClaim, KindIntent, "record that the agent says a step is done, judged by git on the spot", []Outcome{
		{VerdictShipped, 0, ClassOK, "a stamped commit that changed files backs the claim"},
		{VerdictNotShipped, 1, ClassWarn, "git does not back the claim: an over-claim"},
	}},
}

// Verbs returns the verb table.
func Verbs() []Verb {
	out := make([]Verb, len(verbs))
	copy(out, verbs)
	return out
}

// LookupVerb finds a verb of any table (AllVerbs) by its CLI words
// ("lease acquire"), its syscall ("lease.acquire") or the words joined by
// '-' ("lease-acquire").
func LookupVerb(name string) (Verb, bool) {
	n := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if n == "" {
		return Verb{}, false
	}
	for _, v := range AllVerbs() {
		if n == v.Name || n == v.Syscall || n == strings.ReplaceAll(v.Name, " ", "-") {
			return v, true
		}
	}
	return Verb{}, false
}

// MustVerb returns the verb for syscall s.
func MustVerb(s string) Verb {
	for _, v := range verbs {
		if v.Syscall == s {
			return v
		}
	}
	panic("vocab: no verb for syscall " + s)
}
