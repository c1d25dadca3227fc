package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// CooldownJSON is cooldown's --json: the Report plus the reference's keys.
type CooldownJSON struct {
	Report
	State   string `json:"state"`
	UnitID  string `json:"unit_id"`
	Count   int    `json:"count"`
	LastTS  string `json:"last_ts,omitempty"`
	UntilMS int64  `json:"until_ms,omitempty"`
}

func (x CooldownJSON) withReport(r Report) any { x.Report = r; return x }

// ParseAttempts reads --attempts: a JSON list of {unit_id, outcome,
// attempted_at_ms}.
func ParseAttempts(s string) ([]vocab.Attempt, error) {
	var raw any
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, vocab.Usagef("--attempts is not valid JSON: %v", err)
	}
	if _, ok := raw.([]any); !ok {
		return nil, vocab.Usagef("--attempts must be a JSON list of {unit_id, outcome, attempted_at_ms}, got %s", jsonKind(raw))
	}
	var out []vocab.Attempt
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, vocab.Usagef("--attempts: each item must be {unit_id, outcome, attempted_at_ms}: %v", err)
	}
	return out, nil
}

// JournalAttempts folds the pick attempts the journal holds (the
// reference's ATTEMPT records, brought in by `dos journal import`).
func JournalAttempts(ctx context.Context, dir string) ([]vocab.Attempt, error) {
	j, err := journal.Open(dir)
	if errors.Is(err, journal.ErrNoJournal) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []vocab.Attempt
	for r, err := range j.Scan(ctx, journal.Query{}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return nil, err
		}
		if r.Syscall != vocab.SysAttempt {
			continue
		}
		var d vocab.AttemptDetail
		if r.Detail.Decode(&d) != nil || d.Unit == "" {
			continue
		}
		at := d.AttemptedAtMS
		if at == 0 {
			at = r.TS.UnixMilli()
		}
		out = append(out, vocab.Attempt{UnitID: d.Unit, Outcome: d.Outcome, AttemptedAtMS: at})
	}
	return out, nil
}

// Cooldown decides whether unit was attempted too recently and appends one
// cooldown record.
func Cooldown(ctx context.Context, env Env, unit string, attempts []vocab.Attempt, nowMS int64, p vocab.CooldownPolicy) (Result, error) {
	if err := vocab.CheckUnit(unit); err != nil {
		return Result{}, err
	}
	if p.Window <= 0 || p.ErrorWindow <= 0 {
		return Result{}, vocab.Usagef("--window and --error-window must be positive durations")
	}
	v, d := vocab.ClassifyCooldown(unit, attempts, nowMS, p)
	res := env.emit(ctx, vocab.SysCooldown, v, journal.Record{Subject: subjectOf(unit)}, d)
	x := CooldownJSON{State: v.Token, UnitID: unit, Count: d.Count, UntilMS: d.UntilMS}
	if d.LastMS > 0 {
		x.LastTS = time.UnixMilli(d.LastMS).UTC().Format("2006-01-02T15:04:05Z")
	}
	res.Extra = x
	return res, nil
}
