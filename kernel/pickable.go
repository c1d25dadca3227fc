package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// PickableJSON is pickable's --json: the Report plus the reference's keys.
type PickableJSON struct {
	Report
	Held                bool    `json:"held"`
	HeldReason          *string `json:"held_reason"`
	NextAction          *string `json:"next_action"`
	RedispatchInvariant bool    `json:"redispatch_invariant"`
	Unit                string  `json:"unit"`
}

func (x PickableJSON) withReport(r Report) any { x.Report = r; return x }

// ParsePickState reads --state: a JSON object of the host's bookkeeping.
// Flags are truthy as the reference reads them (true, a non-zero number, a
// non-empty string, list or object); cooldown_until_ms must be a number.
func ParsePickState(s string) (vocab.PickState, error) {
	st := vocab.PickState{Flags: map[string]bool{}}
	if s == "" {
		return st, nil
	}
	var raw any
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return st, vocab.Usagef("--state is not valid JSON: %v", err)
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return st, vocab.Usagef("--state must be a JSON object, got %s", jsonKind(raw))
	}
	for k, v := range obj {
		switch k {
		case "plan_class":
			if str, ok := v.(string); ok {
				st.PlanClass = str
			}
		case "cooldown_until_ms":
			if v == nil {
				continue
			}
			f, ok := v.(float64)
			if !ok || f != math.Trunc(f) {
				return st, vocab.Usagef("--state cooldown_until_ms must be an integer (epoch ms), got %v", v)
			}
			st.CooldownUntilMS = int64(f)
		default:
			st.Flags[k] = truthy(v)
		}
	}
	return st, nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return false
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "list"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// Pickable judges whether unit may be picked up at nowMS from the host's
// state and appends one pickable record.
func Pickable(ctx context.Context, env Env, unit string, st vocab.PickState, nowMS int64) (Result, error) {
	v, d := vocab.ClassifyPickable(unit, st, nowMS)
	res := env.emit(ctx, vocab.SysPickable, v, journal.Record{Subject: subjectOf(unit)}, d)
	x := PickableJSON{Held: d.Held, RedispatchInvariant: d.RedispatchInvariant, Unit: unit}
	if d.Held {
		tok, next := v.Token, d.NextAction
		x.HeldReason, x.NextAction = &tok, &next
	}
	res.Extra = x
	return res, nil
}

// subjectOf keeps a unit id as the record's subject when it is a token
// (AUTH3), and leaves the subject out otherwise: the detail carries it.
func subjectOf(unit string) string {
	if vocab.ValidToken(unit) {
		return unit
	}
	return ""
}
