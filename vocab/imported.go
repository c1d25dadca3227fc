package vocab

// Records `dos journal import` writes from the reference's journals. Each
// keeps its original ts, seq and ids under detail `imported`, and carries
// source "import"; the lane journal's ops map onto dos's own syscalls where
// one means the same (ACQUIRE → lease.acquire GRANTED, REFUSE →
// lease.acquire REFUSED, RELEASE and SCAVENGE → lease.release, HEARTBEAT →
// lease.heartbeat, HALT → halt), and onto the names below where none does.

// SourceImport is the source of every imported record.
const SourceImport = "import"

// Syscalls only imports write.
const (
	// SysAttempt is a pick attempt (the reference's ATTEMPT op), which
	// cooldown and pick-priority fold. Kind intent, verdict "".
	SysAttempt = "attempt"
	// SysLanePrefix starts the syscall of every other lane op (lane.spawn,
	// lane.enforce, lane.checkpoint, …), kind journal, verdict "": history
	// kept for trace and observe, folded by nothing.
	SysLanePrefix = "lane."
)

// AttemptDetail is an attempt record's detail (subject = the unit when it
// is a token).
type AttemptDetail struct {
	Unit          string        `json:"unit"`
	Outcome       string        `json:"outcome"` // shipped | drained | blocked | error | unknown
	AttemptedAtMS int64         `json:"attempted_at_ms"`
	Imported      *ImportOrigin `json:"imported,omitempty"`
}

// ImportOrigin says where an imported record came from. Key is the first
// 32 hex digits of SHA-256 over the source kind, a newline and the
// original line: a second import of the same line appends nothing.
type ImportOrigin struct {
	Journal string `json:"journal"`           // verdict | lane
	Key     string `json:"key"`               // the idempotence key
	Seq     int64  `json:"seq,omitempty"`     // the original seq
	TS      string `json:"ts,omitempty"`      // the original ts, as written
	Op      string `json:"op,omitempty"`      // lane journal: the original op
	RunID   string `json:"run_id,omitempty"`  // the original run id, when it had to be mapped
	Lane    string `json:"lane,omitempty"`    // the original lane, when it is not a token
	Source  string `json:"source,omitempty"`  // verdict journal: the original source (kernel, sensor)
	Subject string `json:"subject,omitempty"` // the original subject, when it is not a token
}
