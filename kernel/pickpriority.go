package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// PickPriorityJSON is pick-priority's --json: the Report plus the
// reference's keys.
type PickPriorityJSON struct {
	Report
	Freshness     string   `json:"freshness"`
	LastAttemptMS *int64   `json:"last_attempt_ms"`
	SortKey       [2]int64 `json:"sort_key"`
	UnitID        string   `json:"unit_id"`
}

func (x PickPriorityJSON) withReport(r Report) any { x.Report = r; return x }

// PickPriority ranks unit by how recently it was attempted and appends one
// pick-priority record.
func PickPriority(ctx context.Context, env Env, unit string, attempts []vocab.Attempt) (Result, error) {
	if err := vocab.CheckUnit(unit); err != nil {
		return Result{}, err
	}
	v, d := vocab.ClassifyPickPriority(unit, attempts)
	res := env.emit(ctx, vocab.SysPickPriority, v, journal.Record{Subject: subjectOf(unit)}, d)
	res.Extra = PickPriorityJSON{Freshness: v.Token, LastAttemptMS: d.LastAttemptMS, SortKey: d.SortKey, UnitID: unit}
	return res, nil
}
