package exporters

import (
	"errors"
	"math"
	"unicode/utf8"

	"github.com/dos-go/dos/journal"
	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"google.golang.org/protobuf/encoding/protowire"
)

// The OTLP/HTTP request body, written straight from journal records.
//
// It is byte for byte what the OTel log SDK and otlploghttp post for the
// records OTLPRecord maps (the reference: otlp_reference_test.go runs both
// over every fixture, the realistic journal and every detail shape and
// compares the bytes), without their per-record copies: an SDK record, a
// clone, a protobuf struct per attribute and the reflection of
// proto.Marshal cost ~12 µs and ~45 allocations a record before any
// detail, against ~2 µs and none here. Fields are written in field-number
// order with proto3 defaults left out, as proto.Marshal writes them:
//
//	ExportLogsServiceRequest
//	  1 resource_logs        ResourceLogs (one)
//	      1 resource         Resource { 1 attributes: KeyValue… }
//	      2 scope_logs       ScopeLogs (one)
//	          1 scope        InstrumentationScope { 1 name: scopeName, 2 version: dos's }
//	          2 log_records  LogRecord, one per journal record:
//	              1 time_unix_nano           fixed64  ts
//	              2 severity_number          varint   Severity(verdict)
//	              3 severity_text            string
//	              5 body                     AnyValue { 1 string_value: Summary }
//	              6 attributes               KeyValue { 1 key, 2 value: AnyValue }…
//	              9 trace_id                 bytes    TraceID(run id) (when there is a run)
//	             11 observed_time_unix_nano  fixed64  the batch's export time
//	             12 event_name               string   "dos." + kind
//
//	AnyValue: 1 string · 2 bool · 3 int (varint) · 4 double (fixed64) ·
//	          5 array: ArrayValue { 1 values: AnyValue… }
//
// No span_id (10): dos exports logs, not spans, and an id made up for a
// record would point at nothing. The resource carries telemetry.sdk.*
// (OTLPResource) like every other attribute it is given.

// wireEncoder writes request bodies. It is not safe for concurrent use.
type wireEncoder struct {
	resource []byte // ResourceLogs field 1, tag included
	scope    []byte // ScopeLogs field 1, tag included
	walk     detailWalker
}

// errInvalidUTF8 is what proto.Marshal refuses a string field for.
var errInvalidUTF8 = errors.New("otlp: string field contains invalid UTF-8")

// newWireEncoder writes requests carrying resource and the scope's
// version (dos's; left out when empty, as the SDK leaves it).
func newWireEncoder(resource []attribute.KeyValue, version string) (*wireEncoder, error) {
	if !utf8.ValidString(version) {
		return nil, errInvalidUTF8
	}
	e := &wireEncoder{}
	var res []byte
	for _, kv := range resource {
		var err error
		if res, err = appendAttr(res, 1, kv); err != nil {
			return nil, err
		}
	}
	if len(res) > 0 {
		e.resource = appendBytes(appendTag(nil, 1, protowire.BytesType), res)
	}
	scope := appendStringField(appendString(appendTag(nil, 1, protowire.BytesType), scopeName), 2, version)
	e.scope = appendBytes(appendTag(nil, 1, protowire.BytesType), scope)
	return e, nil
}

// headroom is the room left before the log records for the request's
// header: two tags, two lengths of at most 5 bytes each, the resource and
// the scope.
func (e *wireEncoder) headroom() int { return 12 + len(e.resource) + len(e.scope) }

// request appends the body of one export request for recs to buf[:0] and
// returns it (a subslice of the grown buffer).
func (e *wireEncoder) request(buf []byte, recs []*journal.Record, observed uint64) ([]byte, []byte, error) {
	room := e.headroom()
	buf = append(buf[:0], make([]byte, room)...)
	var err error
	for _, r := range recs {
		if buf, err = e.logRecord(buf, r, observed); err != nil {
			return buf, nil, err
		}
	}
	scopeLogs := len(e.scope) + len(buf) - room
	resourceLogs := len(e.resource) + 1 + protowire.SizeVarint(uint64(scopeLogs)) + scopeLogs
	h := make([]byte, 0, 16+len(e.resource)+len(e.scope))
	h = appendVarint(appendTag(h, 1, protowire.BytesType), uint64(resourceLogs))
	h = append(h, e.resource...)
	h = appendVarint(appendTag(h, 2, protowire.BytesType), uint64(scopeLogs))
	h = append(h, e.scope...)
	copy(buf[room-len(h):], h)
	return buf, buf[room-len(h):], nil
}

// logRecord appends one log_records field.
func (e *wireEncoder) logRecord(b []byte, r *journal.Record, observed uint64) ([]byte, error) {
	b = appendTag(b, 2, protowire.BytesType)
	b, start := reserveLen(b, 2)
	if ts := uint64(max(r.TS.UnixNano(), 0)); ts != 0 {
		b = protowire.AppendFixed64(appendTag(b, 1, protowire.Fixed64Type), ts)
	}
	sev, text := Severity(r.Verdict)
	if n := severityNumber(sev); n != 0 {
		b = appendVarint(appendTag(b, 2, protowire.VarintType), n)
	}
	b = appendStringField(b, 3, text)
	// body: AnyValue{string_value: Summary}, written in place
	b = appendTag(b, 5, protowire.BytesType)
	b, body := reserveLen(b, 1)
	b = appendTag(b, 1, protowire.BytesType)
	b, sum := reserveLen(b, 1)
	b = appendSummary(b, r)
	b = endLen(b, sum)
	b = endLen(b, body)

	b = appendStringAttr(b, "log.record.uid", r.ID)
	b = appendIntAttr(b, "dos.seq", int64(r.Seq))
	b = appendStringAttr(b, "dos.kind", r.Kind)
	b = appendStringAttr(b, "dos.syscall", r.Syscall)
	for _, f := range [...]struct{ k, v string }{
		{"dos.verdict", r.Verdict}, {"dos.run_id", r.RunID}, {"dos.parent_run_id", r.ParentRunID},
		{"dos.lane", r.Lane}, {"dos.subject", r.Subject}, {"dos.host", r.Host}, {"dos.source", r.Source},
	} {
		if f.v != "" {
			b = appendStringAttr(b, f.k, f.v)
		}
	}
	if !utf8.ValidString(r.ID) || !utf8.ValidString(r.Kind) || !utf8.ValidString(r.Syscall) || !utf8.ValidString(r.Verdict) ||
		!utf8.ValidString(r.RunID) || !utf8.ValidString(r.ParentRunID) || !utf8.ValidString(r.Lane) ||
		!utf8.ValidString(r.Subject) || !utf8.ValidString(r.Host) || !utf8.ValidString(r.Source) {
		return b, errInvalidUTF8
	}
	var err error
	if b, err = e.detail(b, r.Detail); err != nil {
		return b, err
	}
	if tid := TraceID(r.RunID); tid.IsValid() {
		b = appendBytes(appendTag(b, 9, protowire.BytesType), tid[:])
	}
	if observed != 0 {
		b = protowire.AppendFixed64(appendTag(b, 11, protowire.Fixed64Type), observed)
	}
	b = appendStringField(b, 12, "dos."+r.Kind)
	return endLen(b, start), nil
}

// appendSummary appends Summary(r) without building it.
func appendSummary(b []byte, r *journal.Record) []byte {
	b = append(b, r.Syscall...)
	for _, s := range [...]string{r.Verdict, r.Subject} {
		if s != "" {
			b = append(append(b, ' '), s...)
		}
	}
	if r.Lane != "" {
		b = append(append(append(b, " (lane "...), r.Lane...), ')')
	}
	return b
}

// detail appends the detail's attributes, flattened as DetailAttributes
// flattens them.
func (e *wireEncoder) detail(b []byte, d journal.Detail) ([]byte, error) {
	if len(d) == 0 || d == "{}" {
		return b, nil
	}
	w := &e.walk
	if e.walkSafely(string(d)) {
		for _, l := range w.leaves {
			var kv, v mark
			b = appendTag(b, 6, protowire.BytesType)
			b, kv = reserveLen(b, 1)
			b = appendBytes(appendTag(b, 1, protowire.BytesType), w.key(l))
			b = appendTag(b, 2, protowire.BytesType)
			b, v = reserveLen(b, 1)
			b = w.appendValue(b, l.val)
			b = endLen(endLen(b, v), kv)
		}
		return b, nil
	}
	var err error
	for _, kv := range referenceDetail(d) {
		if b, err = appendAttr(b, 6, kv); err != nil {
			return b, err
		}
	}
	return b, nil
}

// walkSafely is w.walk, with a panic in the fast path (a bug: the fuzz
// targets call the walker bare) taken as "leave it to the reference", so
// no detail ever stops an export.
func (e *wireEncoder) walkSafely(d string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return e.walk.walk("dos.detail", d)
}

// appendValue appends the fields of an AnyValue holding v.
func (w *detailWalker) appendValue(b []byte, v dval) []byte {
	switch v.kind {
	case dvString:
		return appendString(appendTag(b, 1, protowire.BytesType), v.s)
	case dvText:
		return appendBytes(appendTag(b, 1, protowire.BytesType), w.text(v))
	case dvBool:
		return appendVarint(appendTag(b, 2, protowire.VarintType), uint64(v.n))
	case dvInt:
		return appendVarint(appendTag(b, 3, protowire.VarintType), uint64(v.n))
	case dvFloat:
		return protowire.AppendFixed64(appendTag(b, 4, protowire.Fixed64Type), math.Float64bits(v.f))
	}
	b = appendTag(b, 5, protowire.BytesType)
	b, arr := reserveLen(b, 1)
	for _, el := range w.elems[v.first : v.first+v.count] {
		b = appendTag(b, 1, protowire.BytesType)
		var e mark
		b, e = reserveLen(b, 1)
		b = endLen(w.appendValue(b, el), e)
	}
	return endLen(b, arr)
}

// appendAttr appends field num holding a KeyValue of any attribute the
// mapping makes.
func appendAttr(b []byte, num protowire.Number, kv attribute.KeyValue) ([]byte, error) {
	if !utf8.ValidString(string(kv.Key)) {
		return b, errInvalidUTF8
	}
	b = appendTag(b, num, protowire.BytesType)
	b, start := reserveLen(b, 1)
	b = appendStringField(b, 1, string(kv.Key))
	b = appendTag(b, 2, protowire.BytesType)
	b, v := reserveLen(b, 1)
	b, err := appendAnyValue(b, kv.Value)
	return endLen(endLen(b, v), start), err
}

// appendAnyValue appends the fields of an AnyValue holding v.
func appendAnyValue(b []byte, v attribute.Value) ([]byte, error) {
	switch v.Type() {
	case attribute.STRING:
		if !utf8.ValidString(v.AsString()) {
			return b, errInvalidUTF8
		}
		return appendString(appendTag(b, 1, protowire.BytesType), v.AsString()), nil
	case attribute.BOOL:
		n := uint64(0)
		if v.AsBool() {
			n = 1
		}
		return appendVarint(appendTag(b, 2, protowire.VarintType), n), nil
	case attribute.INT64:
		return appendVarint(appendTag(b, 3, protowire.VarintType), uint64(v.AsInt64())), nil
	case attribute.FLOAT64:
		return protowire.AppendFixed64(appendTag(b, 4, protowire.Fixed64Type), math.Float64bits(v.AsFloat64())), nil
	case attribute.SLICE:
		var arr mark
		b = appendTag(b, 5, protowire.BytesType)
		b, arr = reserveLen(b, 1)
		for _, el := range v.AsSlice() {
			b = appendTag(b, 1, protowire.BytesType)
			var e mark
			b, e = reserveLen(b, 1)
			var err error
			if b, err = appendAnyValue(b, el); err != nil {
				return b, err
			}
			b = endLen(b, e)
		}
		return endLen(b, arr), nil
	}
	return b, errors.New("otlp: attribute of type " + v.Type().String() + " not mapped") // the mapping makes none
}

// appendStringAttr appends LogRecord field 6 holding a string attribute.
func appendStringAttr(b []byte, key, s string) []byte {
	av := 1 + protowire.SizeVarint(uint64(len(s))) + len(s)
	kv := 1 + protowire.SizeVarint(uint64(len(key))) + len(key) + 1 + protowire.SizeVarint(uint64(av)) + av
	b = appendVarint(appendTag(b, 6, protowire.BytesType), uint64(kv))
	b = appendString(appendTag(b, 1, protowire.BytesType), key)
	b = appendVarint(appendTag(b, 2, protowire.BytesType), uint64(av))
	return appendString(appendTag(b, 1, protowire.BytesType), s)
}

// appendIntAttr appends LogRecord field 6 holding an int attribute.
func appendIntAttr(b []byte, key string, n int64) []byte {
	av := 1 + protowire.SizeVarint(uint64(n))
	kv := 1 + protowire.SizeVarint(uint64(len(key))) + len(key) + 1 + protowire.SizeVarint(uint64(av)) + av
	b = appendVarint(appendTag(b, 6, protowire.BytesType), uint64(kv))
	b = appendString(appendTag(b, 1, protowire.BytesType), key)
	b = appendVarint(appendTag(b, 2, protowire.BytesType), uint64(av))
	return appendVarint(appendTag(b, 3, protowire.VarintType), uint64(n))
}

// appendStringField appends a proto3 string field, left out when empty.
func appendStringField(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	return appendString(appendTag(b, num, protowire.BytesType), s)
}

// severityNumber is the OTLP SeverityNumber of a log API severity: the
// API numbers them as OTLP does, 1 (TRACE) to 24 (FATAL4).
func severityNumber(s otellog.Severity) uint64 {
	if s < otellog.SeverityTrace1 || s > otellog.SeverityFatal4 {
		return 0
	}
	return uint64(s)
}

// mark is where a length-prefixed message starts and how many bytes were
// reserved before it for its length.
type mark struct{ at, n int }

// reserveLen reserves n bytes for the length of the message that follows.
func reserveLen(b []byte, n int) ([]byte, mark) {
	for range n {
		b = append(b, 0)
	}
	return b, mark{len(b), n}
}

// endLen writes the length of the message b[m.at:] as a minimal varint in
// the bytes reserved before it, moving the message when the reservation
// was not that varint's size.
func endLen(b []byte, m mark) []byte {
	n := len(b) - m.at
	size := protowire.SizeVarint(uint64(n))
	if size != m.n {
		to := m.at - m.n + size
		for len(b) < to+n {
			b = append(b, 0)
		}
		copy(b[to:], b[m.at:m.at+n])
		b = b[:to+n]
	}
	appendVarint(b[:m.at-m.n], uint64(n))
	return b
}

// The protowire appenders the encoder uses most, with the one-byte case
// inlined: every field number here is below 16, so every tag is one byte,
// and most lengths and integers fit in one too.

func appendTag(b []byte, num protowire.Number, typ protowire.Type) []byte {
	return append(b, byte(num)<<3|byte(typ))
}

func appendVarint(b []byte, v uint64) []byte {
	if v < 0x80 {
		return append(b, byte(v))
	}
	return protowire.AppendVarint(b, v)
}

func appendString(b []byte, s string) []byte { return append(appendVarint(b, uint64(len(s))), s...) }

func appendBytes(b []byte, s []byte) []byte { return append(appendVarint(b, uint64(len(s))), s...) }
