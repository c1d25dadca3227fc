package vocab

// arbitrate and scope-gate: the lane arbiter's pure decisions, asked for
// without taking anything. arbitrate appends a record only when asked
// (--journal-decision); scope-gate always does.

// Syscalls and verdicts of the arbiter's decisions.
const (
	SysArbitrate = "arbitrate"
	SysScopeGate = "scope.gate"

	VerdictAdmit  = "ADMIT"
	VerdictRefuse = "REFUSE"

	VerdictAllow       = "ALLOW"
	VerdictScopeCreep  = "SCOPE_CREEP"
	VerdictWrongTarget = "WRONG_TARGET"
)

// Reason codes of scope.gate.
const (
	ReasonInScope     = "in-scope"     // every touched file lies in the lane's tree
	ReasonEmptyChange = "empty-change" // nothing touched: nothing to judge
	ReasonTolerated   = "tolerated"    // the only files outside are shared infrastructure
	ReasonNoTree      = "no-tree"      // the lane declares no tree: containment cannot be certified
	ReasonOutsideLane = "outside-lane" // some files in the tree, some outside it
	ReasonNoneInLane  = "none-in-lane" // every touched file is outside the tree
)

// ArbitrateDetail is arbitrate's detail (recorded only with
// --journal-decision): the decision the arbiter would make, taking nothing.
type ArbitrateDetail struct {
	DecisionOnly bool `json:"decision_only"` // always true: nothing was acquired
	LeaseAcquireDetail
	Live int `json:"live"` // live leases the decision was made against
}

// ScopeGateDetail is scope.gate's detail: counts and the files outside the
// lane's tree (at most MaxScopeFiles), never file contents.
type ScopeGateDetail struct {
	Lane      string   `json:"lane"`
	Tree      []string `json:"tree"`
	Source    string   `json:"source"` // files | staged | range
	Touched   int      `json:"touched"`
	InScope   int      `json:"in_scope"`
	OutScope  int      `json:"out_of_scope"`
	Tolerated int      `json:"tolerated"` // shared-infrastructure files outside the tree, not counted as creep
	Outside   []string `json:"outside"`   // the files refused (at most MaxScopeFiles)
	Reason    string   `json:"reason"`
}

// MaxScopeFiles bounds the files a scope.gate record names.
const MaxScopeFiles = 20
