package kernel

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// RewindJSON is rewind's --json: the Report plus the reference's keys.
type RewindJSON struct {
	Report
	RewindToTurn int          `json:"rewind_to_turn"`
	Digest       string       `json:"transcript_digest"`
	DroppedTurns []int        `json:"dropped_turns"`
	NoGoodNote   RewindNoGood `json:"no_good_note"`
}

// RewindNoGood is the note a host appends after a rewind: what not to try
// again.
type RewindNoGood struct {
	Tokens     []RewindToken `json:"tokens"`
	EnvExcerpt *string       `json:"env_excerpt"`
	Lines      []string      `json:"lines"`
}

// RewindToken is one no-good token.
type RewindToken struct {
	Kind     string `json:"kind"`
	Rendered string `json:"rendered"`
}

func (x RewindJSON) withReport(r Report) any { x.Report = r; return x }

// TranscriptPath is where a run's conversation transcript lives:
// <workspace>/.dos/runs/<run>/transcript.jsonl.
func TranscriptPath(workspace, run string) string {
	return filepath.Join(workspace, ".dos", "runs", run, "transcript.jsonl")
}

// Rewind advises where the Env's run may rewind its conversation to, and
// appends one rewind record. The checkpoint is the last halt record of the
// run whose detail carries checkpoint_turn and transcript_digest.
func Rewind(ctx context.Context, env Env, fire string) (Result, error) {
	if err := env.needRun("rewind"); err != nil {
		return Result{}, err
	}
	if fire != "" && !slices.Contains(vocab.FireSignals(), fire) {
		return Result{}, vocab.Usagef("--fire %q: must be one of %s", fire, strings.Join(vocab.FireSignals(), ", "))
	}
	var cp *vocab.Checkpoint
	var digests []string
	if fire != "" {
		var err error
		if cp, err = lastCheckpoint(ctx, env.JournalDir, env.RunID); err != nil {
			return Result{}, err
		}
		if cp != nil {
			b, err := os.ReadFile(TranscriptPath(env.Workspace, env.RunID))
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return Result{}, err
			}
			for _, line := range bytes.Split(b, []byte("\n")) {
				if line = bytes.TrimSpace(line); len(line) > 0 {
					sum := sha256.Sum256(line)
					digests = append(digests, hex.EncodeToString(sum[:]))
				}
			}
		}
	}
	v, d := vocab.ClassifyRewind(fire, cp, digests)
	res := env.emit(ctx, vocab.SysRewind, v, journal.Record{}, d)
	x := RewindJSON{RewindToTurn: d.RewindToTurn, Digest: d.Digest, DroppedTurns: d.DroppedTurns, NoGoodNote: RewindNoGood{Tokens: []RewindToken{}, Lines: []string{}}}
	if fire == "DIVERGED" {
		x.NoGoodNote.Tokens = append(x.NoGoodNote.Tokens, RewindToken{Kind: "DIVERGED", Rendered: "resume = DIVERGED"})
	}
	res.Extra = x
	return res, nil
}

func lastCheckpoint(ctx context.Context, dir, run string) (*vocab.Checkpoint, error) {
	j, err := journal.Open(dir)
	if errors.Is(err, journal.ErrNoJournal) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var cp *vocab.Checkpoint
	for r, err := range j.Scan(ctx, journal.Query{RunIDs: []string{run}}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return nil, err
		}
		if r.RunID != run || r.Syscall != vocab.SysHalt {
			continue
		}
		m := r.Detail.Map()
		if _, ok := m["checkpoint_turn"]; !ok {
			continue
		}
		var c vocab.Checkpoint
		if r.Detail.Decode(&c) == nil && c.Digest != "" {
			cp = &c
		}
	}
	return cp, nil
}
