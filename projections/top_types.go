package projections

import (
	"time"

	"github.com/dos-go/dos/lease"
)

// Liveness chips shown beside a run or a held lane.
const (
	LiveAdvancing = "ADVANCING" // commits landed or work was recorded recently
	LiveSpinning  = "SPINNING"  // heartbeats, but nothing landed
	LiveStalled   = "STALLED"   // nothing heard
	LiveUnknown   = "UNKNOWN"   // no liveness verdict and too little to tell
)

// Frame is one screen of `dos top` (and what `dos notify top` posts): what
// is running now, read from the journal and git at one instant.
type Frame struct {
	V           int       `json:"v"`
	GeneratedAt time.Time `json:"generated_at"`
	Workspace   string    `json:"workspace"`
	Journal     string    `json:"journal"`
	// LastSeq is the newest record the frame has folded.
	LastSeq uint64    `json:"last_seq"`
	Runs    []TopRun  `json:"runs"`
	Lanes   []TopLane `json:"lanes"`
	// LaneBoard is every lane dos.toml declares, FREE or HELD (then any
	// held lane it does not declare); absent when no taxonomy was given.
	LaneBoard []lease.LaneState `json:"lane_board,omitempty"`
	Verdicts  []TopVerdict      `json:"verdicts"`
	Commits   []Commit          `json:"commits"`
	Counts    TopCounts         `json:"counts"`
	Scanned   ScanStats         `json:"scanned"`
	Notes     []string          `json:"notes,omitempty"` // e.g. "not a git repository: no commits shown"
}

// TopRun is a run that has started and not ended.
type TopRun struct {
	RunID       string `json:"run_id"`
	ParentRunID string `json:"parent_run_id,omitempty"`
	// Name is the run's subject from `dos run start --name`.
	Name string `json:"name,omitempty"`
	Host string `json:"host,omitempty"`
	// Liveness is one of the Live* chips: vocab.ClassifyLiveness at the
	// frame's now, from the run's own records ("journal") and, when the
	// workspace repository could be read, its commits ("journal+git").
	Liveness     string    `json:"liveness"`
	LivenessFrom string    `json:"liveness_from"`
	Started      time.Time `json:"started"`
	LastSeen     time.Time `json:"last_seen"`
	// Records is how many records the run has written.
	Records int64    `json:"records"`
	Lanes   []string `json:"lanes"`
}

// TopLane is a lane held by a live (unexpired, unreleased) lease.
type TopLane struct {
	Lane   string   `json:"lane"`
	RunID  string   `json:"run_id"`
	Holder string   `json:"holder,omitempty"` // run id, host and pid of the holder
	Paths  []string `json:"paths"`
	// Acquired and Expires come from the lease records; ExpiresInSeconds is
	// Expires − now for the frame's now.
	Acquired         time.Time `json:"acquired"`
	Expires          time.Time `json:"expires"`
	ExpiresInSeconds int64     `json:"expires_in_seconds"`
	// Liveness is the holding run's chip.
	Liveness string `json:"liveness"`
}

// TopVerdict is one of the most recent verdict records.
type TopVerdict struct {
	Seq     uint64    `json:"seq"`
	TS      time.Time `json:"ts"`
	Syscall string    `json:"syscall"`
	Verdict string    `json:"verdict"`
	RunID   string    `json:"run_id"`
	Lane    string    `json:"lane,omitempty"`
	Subject string    `json:"subject,omitempty"`
}

// Commit is one git commit as views show it.
type Commit struct {
	SHA     string    `json:"sha"`
	Subject string    `json:"subject"`
	Author  string    `json:"author,omitempty"`
	Time    time.Time `json:"time"`
}

// Short is the abbreviated sha.
func (c Commit) Short() string {
	if len(c.SHA) > 7 {
		return c.SHA[:7]
	}
	return c.SHA
}

// TopCounts summarises the frame in one line.
type TopCounts struct {
	RunsOpen  int `json:"runs_open"`
	Advancing int `json:"advancing"`
	Spinning  int `json:"spinning"`
	Stalled   int `json:"stalled"`
	Unknown   int `json:"unknown"`
	LanesHeld int `json:"lanes_held"`
	// RunsHidden is how many open runs did not fit the frame (oldest
	// first dropped).
	RunsHidden int `json:"runs_hidden"`
}
