package kernel

import (
	"context"
	"encoding/json"
	"os"
	"strings"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// EnumerateJSON is enumerate's --json: the Report plus the reference's
// by_unit map.
type EnumerateJSON struct {
	Report
	ByUnit map[string]vocab.EnumUnit `json:"by_unit"`
}

func (x EnumerateJSON) withReport(r Report) any { x.Report = r; return x }

// ParseShipped reads --shipped: a JSON list of unit ids.
func ParseShipped(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, vocab.Usagef("--shipped must be a JSON list of unit ids, e.g. '[\"AUTH1\"]': %v", err)
	}
	return out, nil
}

// Enumerate reads the plan document at path and appends one enumerate
// record with its units (ids that are tokens), shipped and remaining.
func Enumerate(ctx context.Context, env Env, path, series string, shipped []string, g vocab.EnumerateGrammar) (Result, error) {
	if series != "" {
		if err := vocab.CheckToken("--series", series); err != nil {
			return Result{}, &vocab.UsageError{Msg: err.Error()}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Result{}, vocab.Usagef("cannot read plan doc %s: %v", path, err)
	}
	v, d, units := vocab.ClassifyEnumerate(string(b), series, shipped, g)
	rec := d
	rec.Units, rec.Shipped, rec.Remaining = tokens(d.Units), tokens(d.Shipped), tokens(d.Remaining)
	res := env.emit(ctx, vocab.SysEnumerate, v, journal.Record{Subject: subjectOf(series)}, rec)
	x := EnumerateJSON{ByUnit: map[string]vocab.EnumUnit{}}
	for _, u := range units {
		x.ByUnit[u.Unit] = u
	}
	res.Extra = x
	return res, nil
}

// tokens keeps the ids that are tokens: a record holds no document text.
func tokens(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		if vocab.ValidToken(id) || id != "" && strings.Trim(id, "0123456789.") == "" {
			out = append(out, id)
		}
	}
	return out
}
