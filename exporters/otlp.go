package exporters

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dos-go/dos/internal/redact"
	"github.com/dos-go/dos/journal"
	collogpb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// scopeName is the instrumentation scope of every exported record.
const scopeName = "github.com/dos-go/dos/exporters"

// userAgent is what otlploghttp sends (the test holds it to
// otlploghttp.Version()): the bodies are byte for byte its own.
const userAgent = "OTel Go OTLP over HTTP/protobuf logs exporter/0.14.0"

// maxResponse bounds how much of a response is read for its partial
// success or error message.
const maxResponse = 1 << 20

// otlpExporter sends each batch as one OTLP request, its outcome returned
// to the drain loop. Its configuration is ResolveOTLP's: every standard
// OTEL_EXPORTER_OTLP_{,LOGS_}* variable.
//
// http/protobuf (the default): the request is written by wireEncoder (the
// bytes the OTel SDK and otlploghttp would post for the same records) and
// posted with dos's own net/http client — TLS and mTLS from the
// environment, a timeout on every request, gzip on request, no redirects —
// so every outcome (status, Retry-After, partial success) reaches the drain
// loop.
//
// grpc: the records go through the OTel log SDK to otlploggrpc (grpcLogs,
// otlp_grpc.go), the less common protocol, where the SDK's cost is paid.
//
// Errors say what went wrong, never the destination (the caller names it
// once), and pass through the redactor: no header value or query token of
// the endpoint reaches stderr, --json or the cursor.
type otlpExporter struct {
	cfg      OTLPConfig
	endpoint string // cfg.URL as posted to, query included
	dest     string // Destination(): the endpoint with query values masked
	now      func() time.Time
	warn     func(string)
	red      *redact.Redactor // header values and the endpoint's query
	headers  http.Header
	client   *http.Client
	grpc     *grpcLogs // protocol grpc: the SDK path; nil for http/protobuf

	mu      sync.Mutex // guards enc, scratch and last: Prepare runs on the reader's goroutine
	enc     *wireEncoder
	scratch []byte
	last    int        // the size of the last request's buffer
	gzMu    sync.Mutex // guards gz and gzBuf: requests are compressed on the delivering goroutine
	gz      *gzip.Writer
	gzBuf   bytes.Buffer
	free    chan []byte // request buffers to reuse: one being posted, one prepared, one being written
}

// prepared is a batch's request, written (and compressed) by Prepare.
type prepared struct {
	buf  []byte // the buffer body is in, returned to free after delivery
	wire []byte // body as it goes on the wire
	n    int
}

func newOTLP(s Settings) (Exporter, error) {
	cfg, err := ResolveOTLP(s.Endpoint, s.getenv)
	if err != nil {
		return nil, err
	}
	host := ""
	if s.Hostname != nil {
		host, _ = s.Hostname()
	}
	attrs, err := OTLPResource(s.getenv, host, s.Version)
	if err != nil {
		return nil, err
	}
	e := &otlpExporter{cfg: cfg, endpoint: cfg.URL.String(), now: s.now, warn: s.Warn, red: &redact.Redactor{},
		headers: http.Header{}, free: make(chan []byte, 3)}
	if e.warn == nil {
		e.warn = func(string) {}
	}
	for _, v := range cfg.Headers {
		e.red.AddHeader(v)
	}
	e.red.AddQuery(cfg.URL.RawQuery)
	e.dest = "otlp " + redact.Query(cfg.URL).String()
	if e.enc, err = newWireEncoder(attrs, s.Version); err != nil {
		return nil, configErrorf("OTEL_RESOURCE_ATTRIBUTES: %v", err)
	}
	if cfg.Protocol == ProtocolGRPC {
		e.dest = "otlp grpc " + cfg.URL.String()
		if e.grpc, err = newGRPCLogs(cfg, attrs, s.Version); err != nil {
			return nil, configErrorf("otlp exporter: %v", e.red.String(err.Error()))
		}
		return e, nil
	}
	e.headers.Set("User-Agent", userAgent) // as otlploghttp: OTEL_EXPORTER_OTLP_HEADERS may replace it, not the content headers
	for k, v := range cfg.Headers {
		e.headers.Set(k, v)
	}
	e.headers.Set("Content-Type", "application/x-protobuf")
	if cfg.Gzip {
		e.headers.Set("Content-Encoding", "gzip")
		e.gz = gzip.NewWriter(io.Discard)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = cfg.TLS
	e.client = &http.Client{Transport: tr, Timeout: cfg.Timeout,
		// A redirected POST would carry x-api-key and every other header to
		// another host (Go strips only Authorization), and its answer would
		// move the cursor: a 3xx is answered as it stands, permanently.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return e, nil
}

func (e *otlpExporter) Destination() string { return e.dest }
func (e *otlpExporter) Acknowledged() bool  { return true }

// Prepare writes (and compresses) a batch's request ahead of delivery, on
// the reader's goroutine (see Preparer), while the previous request is on
// the wire. For gRPC it maps the batch into SDK records.
func (e *otlpExporter) Prepare(recs []*journal.Record) any {
	if e.grpc != nil {
		return e.grpc.records(recs, e.now())
	}
	var buf []byte
	select {
	case buf = <-e.free:
	default:
	}
	e.mu.Lock()
	if buf == nil && e.last > 0 {
		buf = make([]byte, 0, e.last+e.last/4) // about the last request's size: no regrowing
	}
	buf, body, err := e.enc.request(buf, recs, e.observed())
	e.last = len(buf)
	e.mu.Unlock()
	if err != nil {
		return nil // Export writes it again and reports the error
	}
	wire, err := e.compressed(body)
	if err != nil {
		return nil
	}
	return &prepared{buf: buf, wire: wire, n: len(recs)}
}

// observed is the batch's export time as OTLP writes it.
func (e *otlpExporter) observed() uint64 { return uint64(max(e.now().UnixNano(), 0)) }

// Export posts the batch as one OTLP request (to /v1/logs for
// http/protobuf).
func (e *otlpExporter) Export(ctx context.Context, b Batch) (int, error) {
	if len(b.Records) == 0 {
		return 0, nil
	}
	if e.grpc != nil {
		return e.result(len(b.Records), e.grpc.export(ctx, b, e.now()))
	}
	p, ok := b.Prepared.(*prepared)
	if !ok || p.n != len(b.Records) {
		e.mu.Lock()
		buf, body, err := e.enc.request(e.scratch, b.Records, e.observed())
		e.scratch = buf
		e.mu.Unlock()
		if err == nil {
			body, err = e.compressed(body)
		}
		if err != nil {
			return 0, errors.New(e.red.String(err.Error()))
		}
		p = &prepared{wire: body, n: len(b.Records)}
	}
	ob, err := e.post(ctx, p.wire)
	if err == nil && p.buf != nil {
		select {
		case e.free <- p.buf:
		default:
		}
	}
	return e.result(len(b.Records), classifyHTTP(err, ob, e.now()))
}

// result is what Export returns for a batch of n records that ended in f
// (nil: delivered).
func (e *otlpExporter) result(n int, f *otlpFailure) (int, error) {
	if f == nil {
		return n, nil
	}
	msg := e.red.String(f.msg)
	switch {
	case f.partial:
		// The receiver took the request and rejected some records for
		// good; sending them again would not change that.
		e.warn("otlp: the receiver accepted the batch but rejected part of it: " + msg)
		return n, nil
	case f.transient:
		return 0, &TransientError{Err: errors.New(msg), RetryAfter: f.retryAfter}
	}
	return 0, errors.New(msg)
}

// compressed is body as it goes on the wire: gzipped when
// OTEL_EXPORTER_OTLP_COMPRESSION asks for it (a copy), else body itself.
func (e *otlpExporter) compressed(body []byte) ([]byte, error) {
	if e.gz == nil {
		return body, nil
	}
	e.gzMu.Lock()
	defer e.gzMu.Unlock()
	e.gzBuf.Reset()
	e.gz.Reset(&e.gzBuf)
	if _, err := e.gz.Write(body); err != nil {
		return nil, err
	}
	if err := e.gz.Close(); err != nil {
		return nil, err
	}
	return bytes.Clone(e.gzBuf.Bytes()), nil
}

// post sends one request (wire: the body as compressed) and reads the
// answer as otlploghttp does: a 2xx is success unless its protobuf answer
// names a partial success (then err is set and the status is 2xx);
// anything else is an error, with what was observed of the response (no
// status when none came).
func (e *otlpExporter) post(ctx context.Context, wire []byte) (ob httpAnswer, err error) {
	rd, length := bytes.NewReader(wire), int64(len(wire))
	if e.gz != nil {
		length = -1 // sent chunked, as otlploghttp sends it
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.endpoint, rd)
	if err != nil {
		return ob, err
	}
	req.ContentLength = length
	if length < 0 {
		req.GetBody = nil
	}
	req.Header = e.headers.Clone()
	resp, err := e.client.Do(req)
	if err != nil {
		return ob, err
	}
	defer resp.Body.Close()
	data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	io.Copy(io.Discard, resp.Body) // let the connection be reused
	ob = httpAnswer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	if ob.status >= 200 && ob.status < 300 {
		if rerr != nil {
			return ob, rerr
		}
		if len(data) == 0 || resp.Header.Get("Content-Type") != "application/x-protobuf" {
			return ob, nil
		}
		var r collogpb.ExportLogsServiceResponse
		if err := proto.Unmarshal(data, &r); err != nil {
			return ob, err
		}
		if ps := r.GetPartialSuccess(); ps != nil && (ps.GetRejectedLogRecords() != 0 || ps.GetErrorMessage() != "") {
			return ob, fmt.Errorf("OTLP partial success: %s (%d log records rejected)", ps.GetErrorMessage(), ps.GetRejectedLogRecords())
		}
		return ob, nil
	}
	ob.snippet, _, _ = strings.Cut(strings.TrimSpace(string(data)), "\n") // the receiver's words: its first line
	return ob, fmt.Errorf("HTTP %s", resp.Status)
}

// Render writes each batch's request as one line of OTLP/JSON: the exact
// message Export would post, written instead of sent. gRPC carries the same
// ExportLogsServiceRequest (the reference test holds the SDK's records to
// the wire encoder's bytes).
func (e *otlpExporter) Render(w io.Writer, b Batch) error {
	e.mu.Lock()
	buf, body, err := e.enc.request(e.scratch, b.Records, e.observed())
	e.scratch = buf
	var req collogpb.ExportLogsServiceRequest
	if err == nil {
		err = proto.Unmarshal(body, &req)
	}
	e.mu.Unlock()
	if err != nil {
		return err
	}
	js, err := OTLPJSON(&req)
	if err != nil {
		return err
	}
	_, err = w.Write(append(js, '\n'))
	return err
}

// OTLPJSON renders an OTLP logs request as compact OTLP/JSON with sorted
// keys, trace and span ids in hex as OTLP/JSON specifies (protojson alone
// would write base64, and varies its spacing on purpose).
func OTLPJSON(req *collogpb.ExportLogsServiceRequest) ([]byte, error) {
	js, err := protojson.Marshal(req)
	if err != nil {
		return nil, err
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	hexIDs(doc)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}

// hexIDs rewrites every traceId and spanId from base64 to hex.
func hexIDs(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if s, ok := e.(string); ok && (k == "traceId" || k == "spanId") {
				if b, err := base64.StdEncoding.DecodeString(s); err == nil {
					v[k] = hex.EncodeToString(b)
				}
				continue
			}
			hexIDs(e)
		}
	case []any:
		for _, e := range v {
			hexIDs(e)
		}
	}
}

func (e *otlpExporter) Close() error {
	if e.grpc != nil {
		return e.grpc.close()
	}
	e.client.CloseIdleConnections()
	return nil
}
