package exporters

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"
)

// Severity maps a verdict token to a log severity by its class
// (vocab.ClassOf): ok and info are INFO, warn is WARN, fail is ERROR.
func Severity(verdict string) (otellog.Severity, string) {
	switch vocab.ClassOf(verdict) {
	case vocab.ClassWarn:
		return otellog.SeverityWarn, "WARN"
	case vocab.ClassFail:
		return otellog.SeverityError, "ERROR"
	}
	return otellog.SeverityInfo, "INFO"
}

// Summary is a record's log body: one readable line, e.g.
// "verify SHIPPED AUTH1 (lane api)".
func Summary(r *journal.Record) string {
	var b strings.Builder
	b.WriteString(r.Syscall)
	for _, s := range []string{r.Verdict, r.Subject} {
		if s != "" {
			b.WriteByte(' ')
			b.WriteString(s)
		}
	}
	if r.Lane != "" {
		b.WriteString(" (lane ")
		b.WriteString(r.Lane)
		b.WriteByte(')')
	}
	return b.String()
}

// TraceID is the run's trace id (journal.RunTraceID: a ULID's 128 bits,
// or for a reference-grammar RID-… id its time and entropy under a mark),
// so one run is one trace; the zero id when the record has no
// (well-formed) run.
func TraceID(runID string) trace.TraceID {
	id, ok := journal.RunTraceID(runID)
	if !ok {
		return trace.TraceID{}
	}
	return trace.TraceID(id)
}

// OTLPRecord maps a journal record to an OpenTelemetry log record: time =
// ts, observed = the export time, severity from the verdict's class, body =
// Summary, attributes log.record.uid (the record id), dos.* and the
// flattened detail as dos.detail.*. The span context carries the trace id
// (the run) and no span id: dos exports no spans, and an id made up for
// the record would point at nothing. It is empty when there is no run.
func OTLPRecord(r *journal.Record, observed time.Time) (otellog.Record, trace.SpanContext) {
	var lr otellog.Record
	lr.SetTimestamp(r.TS)
	lr.SetObservedTimestamp(observed)
	lr.SetEventName("dos." + r.Kind)
	sev, text := Severity(r.Verdict)
	lr.SetSeverity(sev)
	lr.SetSeverityText(text)
	lr.SetBody(attribute.StringValue(Summary(r)))
	lr.AddAttributes(
		attribute.String("log.record.uid", r.ID),
		attribute.Int64("dos.seq", int64(r.Seq)),
		attribute.String("dos.kind", r.Kind),
		attribute.String("dos.syscall", r.Syscall),
	)
	for _, f := range [...]struct{ k, v string }{
		{"dos.verdict", r.Verdict}, {"dos.run_id", r.RunID}, {"dos.parent_run_id", r.ParentRunID},
		{"dos.lane", r.Lane}, {"dos.subject", r.Subject}, {"dos.host", r.Host}, {"dos.source", r.Source},
	} {
		if f.v != "" {
			lr.AddAttributes(attribute.String(f.k, f.v))
		}
	}
	lr.AddAttributes(DetailAttributes(r.Detail)...)
	var sc trace.SpanContext
	if tid := TraceID(r.RunID); tid.IsValid() {
		sc = trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid})
	}
	return lr, sc
}

// DetailAttributes flattens a detail object into dos.detail.* attributes,
// sorted by key: nested objects join keys with '.', arrays become slices
// (of JSON text for elements that are objects), integers int64, other
// numbers float64; nulls are left out. A detail that is not a JSON object
// is one dos.detail attribute holding its text.
func DetailAttributes(d journal.Detail) []attribute.KeyValue {
	if len(d) == 0 || d == "{}" {
		return nil
	}
	if out, ok := flatDetail(string(d)); ok {
		return out
	}
	return referenceDetail(d)
}

// referenceDetail is DetailAttributes by encoding/json: the definition the
// fast path (detailWalker) is held to.
func referenceDetail(d journal.Detail) []attribute.KeyValue {
	dec := json.NewDecoder(bytes.NewReader([]byte(d)))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return []attribute.KeyValue{attribute.String("dos.detail", string(d))}
	}
	var out []attribute.KeyValue
	flatten("dos.detail", m, &out)
	return out
}

func flatten(prefix string, m map[string]any, out *[]attribute.KeyValue) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		key := prefix + "." + k
		if sub, ok := m[k].(map[string]any); ok {
			flatten(key, sub, out)
			continue
		}
		if v, ok := attrValue(m[k]); ok {
			*out = append(*out, attribute.KeyValue{Key: attribute.Key(key), Value: v})
		}
	}
}

func attrValue(v any) (attribute.Value, bool) {
	switch v := v.(type) {
	case string:
		return attribute.StringValue(v), true
	case bool:
		return attribute.BoolValue(v), true
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return attribute.Int64Value(i), true
		}
		f, _ := v.Float64()
		return attribute.Float64Value(f), true
	case []any:
		vals := make([]attribute.Value, 0, len(v))
		for _, e := range v {
			if ev, ok := attrValue(e); ok {
				vals = append(vals, ev)
			}
		}
		return attribute.SliceValue(vals...), true
	case map[string]any:
		b, _ := json.Marshal(v)
		return attribute.StringValue(string(b)), true
	}
	return attribute.Value{}, false
}

// flatDetail is DetailAttributes' fast path (see detailWalker): every
// detail the kernel writes, in one pass without encoding/json. ok is false
// for what only the reference decides (whitespace, duplicate keys, invalid
// JSON).
func flatDetail(s string) (out []attribute.KeyValue, ok bool) {
	var w detailWalker
	if !w.walk("dos.detail", s) {
		return nil, false
	}
	out = make([]attribute.KeyValue, 0, len(w.leaves))
	for _, l := range w.leaves {
		out = append(out, attribute.KeyValue{Key: attribute.Key(w.key(l)), Value: w.attrValue(l.val)})
	}
	return out, true
}

// attrValue is a flattened value as an attribute value.
func (w *detailWalker) attrValue(v dval) attribute.Value {
	switch v.kind {
	case dvInt:
		return attribute.Int64Value(v.n)
	case dvFloat:
		return attribute.Float64Value(v.f)
	case dvBool:
		return attribute.BoolValue(v.n == 1)
	case dvText:
		return attribute.StringValue(string(w.text(v)))
	case dvSlice:
		vals := make([]attribute.Value, v.count)
		for i, e := range w.elems[v.first : v.first+v.count] {
			vals[i] = w.attrValue(e)
		}
		return attribute.SliceValue(vals...)
	}
	return attribute.StringValue(v.s)
}
