package vocab

// The refusal-reason registry: the tokens a fleet may give when it will
// not (or cannot) pick work, each with the category an operator routes it
// by. dos.toml's [reasons.<TOKEN>] tables add to the base ten.

// Reason categories (a ReasonSpec's Category).
const (
	CauseTrueDrain    = "TRUE_DRAIN"
	CauseOperatorGate = "OPERATOR_GATE"
	CauseStaleClaim   = "STALE_CLAIM"
	CauseMisroute     = "MISROUTE"
	CauseUnclassified = "UNCLASSIFIED"
)

// ReasonCategories lists every category, in the order docs show them.
func ReasonCategories() []string {
	return []string{CauseTrueDrain, CauseOperatorGate, CauseStaleClaim, CauseMisroute, CauseUnclassified}
}

// ReasonSpec is one registered refusal reason.
type ReasonSpec struct {
	Token    string   `json:"token"` // upper-case
	Category string   `json:"category"`
	Refusal  bool     `json:"refusal"`
	Summary  string   `json:"summary,omitempty"`
	Fix      string   `json:"fix,omitempty"`
	SeeAlso  []string `json:"see_also,omitempty"`
	Base     bool     `json:"base"` // one of the ten built in
}

// BaseReasons returns the ten built-in reasons, in registry order.
func BaseReasons() []ReasonSpec {
	base := []struct{ tok, cat string }{
		{"LANE_DRAINED", CauseTrueDrain},
		{"LANE_BLOCKED_ON_SOAK_GATED_PHASES", CauseOperatorGate},
		{"LANE_LEASE_HELD_BY_LIVE_DISPATCH_LOOP", CauseOperatorGate},
		{"LANE_ALL_INFLIGHT_OR_DEFERRED", CauseStaleClaim},
		{"LANE_ALL_SHIPPED_INFLIGHT_OR_STALE_STAMP", CauseStaleClaim},
		{"LANE_ALL_BLOCKED_OR_STALE_STAMP", CauseOperatorGate},
		{"LANE_BLOCKED_ON_OPERATOR_DECISION", CauseOperatorGate},
		{"SELF_MODIFY", CauseMisroute},
		{"SCHEMA_UNREADABLE", CauseMisroute},
		{"UNKNOWN_LANE", CauseMisroute},
	}
	out := make([]ReasonSpec, len(base))
	for i, b := range base {
		out[i] = ReasonSpec{Token: b.tok, Category: b.cat, Refusal: true, Base: true}
	}
	return out
}

// Stamp is the ship-subject grammar dos.toml's [stamp] declares (the keys
// only; verify's rungs read them). The zero value is the generic grammar.
type Stamp struct {
	Style                  string   `json:"style"` // a label; only "grep" is implemented
	SubjectDirs            []string `json:"subject_dirs"`
	SummaryBundlePrefixes  []string `json:"summary_bundle_prefixes"`
	BookkeepingPrefixes    []string `json:"bookkeeping_prefixes"`
	ProgressMarkers        []string `json:"progress_markers"`
	TrailerStamp           bool     `json:"trailer_stamp"`
	SubPhaseParentFallback bool     `json:"sub_phase_parent_fallback"`
	CodeDirs               []string `json:"code_dirs"`
	InfraBasenames         []string `json:"infra_basenames"`
	InfraDocBasenames      []string `json:"infra_doc_basenames"`
}

// DefaultStamp is the generic grammar: style grep, every list empty, both
// switches off.
func DefaultStamp() Stamp {
	return Stamp{Style: "grep", SubjectDirs: []string{}, SummaryBundlePrefixes: []string{}, BookkeepingPrefixes: []string{},
		ProgressMarkers: []string{}, CodeDirs: []string{}, InfraBasenames: []string{}, InfraDocBasenames: []string{}}
}
