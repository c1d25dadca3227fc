package vocab

import "time"

// The hook records: what `dos hook pretool|posttool|stop|marker` decided
// about one call of an agent host (Claude Code, Codex, Gemini, Cursor,
// Antigravity). Every decision exits 0 — the host reads the decision from
// stdout, and exit 2 would block every tool call — so the verdict lives in
// the record and in the host's JSON, never in the exit code.

// Syscalls of hook records (kind KindHook).
const (
	SysHookPretool  = "hook.pretool"
	SysHookPosttool = "hook.posttool"
	SysHookStop     = "hook.stop"
	SysHookMarker   = "hook.marker"
)

// VerdictDeny is pretool's refusal of a tool call. The hook verbs share
// PASS, WARN and BLOCK with hook-exit and ALLOW with scope-gate.
const VerdictDeny = "DENY"

// Sources of records written by the front door: hook records carry
// SourceHook+":"+dialect, MCP tool calls SourceMCP.
const (
	SourceHook = "hook"
	SourceMCP  = "mcp"
)

// Reason codes of hook records: a closed set, never free text.
const (
	// pretool
	ReasonOwnLane          = "own-lane"          // ALLOW: every path is inside a lane this run holds
	ReasonNoLane           = "no-lane"           // ALLOW: no path enters a lane another run holds
	ReasonDosState         = "dos-state"         // DENY: the footprint is under .dos/ (journal, leases, hook state)
	ReasonSelfModify       = "self-modify"       // DENY: the footprint is one of dos's own decision-path sources
	ReasonScopeEscape      = "scope-escape"      // outside the workspace, or (scope gate on) outside this run's lane
	ReasonUnknownFootprint = "unknown-footprint" // WARN: dos cannot tell what the call writes, and leases are live
	ReasonExecCapability   = "exec-capability"   // WARN (DENY under --strict): the command grants arbitrary exec
	ReasonPayloadTooLarge  = "payload-too-large" // PASS: stdin over the 16 MiB bound
	ReasonInternalError    = "internal-error"    // PASS: dos itself failed; the call goes ahead (fail open)
	// ReasonPathOverlap (lease.go) is pretool's DENY/WARN for a lane another run holds.

	// posttool
	ReasonRepeating = "repeating" // WARN: byte-identical results repeat_n times in a row
	ReasonStalledTS = "stalled"   // WARN: byte-identical results stall_n times in a row

	// stop
	ReasonClaimsShipped  = "claims-shipped"   // ALLOW: every claim is backed by git
	ReasonUnshipped      = "unshipped-claim"  // BLOCK: a confident claim git does not back
	ReasonNoClaims       = "no-claims"        // PASS: nothing claimed
	ReasonStopHookActive = "stop-hook-active" // PASS: the host is already continuing from a block

	// marker
	ReasonWaitMarker  = "wait-marker"  // BLOCK: budget remains, the turn is held open
	ReasonBudgetSpent = "budget-spent" // ALLOW: the budget is spent
)

// HookReasons lists every reason code a hook record may carry.
func HookReasons() []string {
	return []string{ReasonOwnLane, ReasonNoLane, ReasonDosState, ReasonSelfModify, ReasonPathOverlap, ReasonScopeEscape,
		ReasonUnknownFootprint, ReasonExecCapability, ReasonPayloadTooLarge, ReasonInternalError,
		ReasonRepeating, ReasonStalledTS, ReasonClaimsShipped, ReasonUnshipped, ReasonNoClaims, ReasonStopHookActive,
		ReasonWaitMarker, ReasonBudgetSpent}
}

// HookClaim is one claim the stop hook judged. Plan and phase are tokens
// (a marker whose words are not tokens is no claim).
type HookClaim struct {
	Plan    string `json:"plan"`
	Phase   string `json:"phase"`
	Via     string `json:"via"` // marker | flag | intent | heuristic
	Shipped bool   `json:"shipped"`
	SHA     string `json:"sha,omitempty"`
}

// HookDetail is the detail of every hook record. It holds digests, counts,
// tokens and reason codes — never the payload's content: paths and
// commands are agent text, so only their SHA-256 is kept.
type HookDetail struct {
	Dialect string `json:"dialect"`
	Event   string `json:"event"`          // the canonical moment: pre | post | stop
	Session string `json:"session_sha256"` // SHA-256 of the host's session id, "" when none
	Loop    bool   `json:"loop"`           // a loop session (DOS_LOOP, DOS_RUN_ID, …) rather than an operator's
	Reason  string `json:"reason"`

	// pretool
	Tool            string     `json:"tool,omitempty"`             // the host's tool name when it is a token, else "other"
	FootprintSHA256 []string   `json:"footprint_sha256,omitempty"` // SHA-256 of each workspace-relative path written
	PathsCount      int        `json:"paths_count"`
	FootprintKnown  bool       `json:"footprint_known"`
	Outside         int        `json:"outside_workspace,omitempty"` // paths that resolve outside the workspace
	ExecClass       string     `json:"exec_class,omitempty"`        // interpreter | shell | package-runner, when the command grants exec
	Strict          bool       `json:"strict,omitempty"`
	Holding         *HeldLease `json:"holding,omitempty"` // the lease in the way, or the run's own

	// posttool
	ArgsDigest   string `json:"args_digest,omitempty"`
	ResultDigest string `json:"result_digest,omitempty"`
	Streak       int    `json:"streak,omitempty"`

	// stop
	Claims  int         `json:"claims,omitempty"`
	Checked []HookClaim `json:"checked,omitempty"`

	// marker
	Count int `json:"count,omitempty"`
	Cap   int `json:"cap,omitempty"`

	// internal-error: which stage failed (a code, not the error's text)
	Stage string `json:"stage,omitempty"`
	// when the host event was dated (payload-free; zero when absent)
	At time.Time `json:"at,omitzero"`
}

// hookCallVerbs are the hook verbs' rows of the verb table: every outcome
// exits 0, because a host treats exit 2 as "block every tool call".
var hookCallVerbs = []Verb{
	{"hook pretool", SysHookPretool, KindHook, "judge an agent's tool call before it runs (the host's PreToolUse); always exit 0", []Outcome{
		{VerdictAllow, 0, ClassOK, "the footprint stays inside this run's lane, or enters no lane another run holds"},
		{VerdictWarn, 0, ClassWarn, "advisory: an operator session's collision, an unknown footprint beside live leases, an exec grant"},
		{VerdictDeny, 0, ClassFail, "refused: another run's lane (loop session), .dos/ state, dos's own sources, or outside the workspace"},
		{VerdictPass, 0, ClassOK, "not judged: a payload over 16 MiB, or dos failed internally (fail open)"},
	}},
	{"hook posttool", SysHookPosttool, KindHook, "record a tool step and flag byte-identical repeats (PostToolUse); advisory, exit 0", []Outcome{
		{VerdictWarn, 0, ClassWarn, "the same call returned byte-identical results repeat_n (REPEATING) or stall_n (STALLED) times"},
		{VerdictPass, 0, ClassOK, "not judged: a payload over 16 MiB, or dos failed internally"},
	}},
	{"hook stop", SysHookStop, KindHook, "refuse a false \"done\": each claim of the turn judged by verify (Stop); exit 0", []Outcome{
		{VerdictAllow, 0, ClassOK, "every claim is backed by a stamped commit"},
		{VerdictBlock, 0, ClassFail, "a claim git does not back: the agent is sent back to land it or correct it"},
		{VerdictPass, 0, ClassOK, "no claim, stop_hook_active, an oversized payload, or an internal failure"},
	}},
	{"hook marker", SysHookMarker, KindHook, "an opt-in stop budget for keep-alive polling loops; exit 0", []Outcome{
		{VerdictBlock, 0, ClassFail, "budget remains: the turn is held open"},
		{VerdictAllow, 0, ClassOK, "the budget is spent: the stop goes ahead"},
		{VerdictPass, 0, ClassOK, "not armed, or dos failed internally"},
	}},
}
