package exporters

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dos-go/dos/internal/retry"
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

// otlpExporter writes each batch as one OTLP/HTTP protobuf request
// (wireEncoder: the bytes the OTel SDK and otlploghttp would post for the
// same records) and posts it itself, so every outcome — status,
// Retry-After, partial success — reaches the drain loop.
type otlpExporter struct {
	url     *url.URL
	now     func() time.Time
	warn    func(string)
	headers http.Header
	gzip    bool
	client  *http.Client

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
	u, err := OTLPEndpoint(s.Endpoint, s.getenv)
	if err != nil {
		return nil, err
	}
	headers, err := OTLPHeaders(s.getenv)
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
	e := &otlpExporter{url: u, now: s.now, warn: s.Warn, headers: http.Header{}, free: make(chan []byte, 3)}
	if e.warn == nil {
		e.warn = func(string) {}
	}
	if e.enc, err = newWireEncoder(attrs); err != nil {
		return nil, configErrorf("OTEL_RESOURCE_ATTRIBUTES: %v", err)
	}
	e.headers.Set("User-Agent", userAgent) // as otlploghttp: OTEL_EXPORTER_OTLP_HEADERS may replace it, not the content headers
	for k, v := range headers {
		e.headers.Set(k, v)
	}
	e.headers.Set("Content-Type", "application/x-protobuf")
	if strings.EqualFold(s.getenv("OTEL_EXPORTER_OTLP_LOGS_COMPRESSION"), "gzip") ||
		strings.EqualFold(s.getenv("OTEL_EXPORTER_OTLP_COMPRESSION"), "gzip") {
		e.gzip = true
		e.headers.Set("Content-Encoding", "gzip")
		e.gz = gzip.NewWriter(io.Discard)
	}
	e.client = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	return e, nil
}

func (e *otlpExporter) Destination() string { return "otlp " + e.url.String() }
func (e *otlpExporter) Acknowledged() bool  { return true }

// Prepare writes (and compresses) a batch's request ahead of delivery, on
// the reader's goroutine (see Preparer), while the previous request is on
// the wire.
func (e *otlpExporter) Prepare(recs []*journal.Record) any {
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

// Export posts the batch as one OTLP/HTTP request to /v1/logs.
func (e *otlpExporter) Export(ctx context.Context, b Batch) (int, error) {
	if len(b.Records) == 0 {
		return 0, nil
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
			return 0, fmt.Errorf("otlp %s: %v", e.url, err)
		}
		p = &prepared{wire: body, n: len(b.Records)}
	}
	status, retryAfter, err := e.post(ctx, p.wire)
	switch {
	case err == nil:
		if p.buf != nil {
			select {
			case e.free <- p.buf:
			default:
			}
		}
		return len(b.Records), nil
	case status >= 200 && status < 300:
		// Partial success: the receiver took the request and rejected some
		// records for good; sending them again would not change that.
		e.warn(fmt.Sprintf("otlp: the receiver accepted the batch but rejected part of it: %v", err))
		return len(b.Records), nil
	case status == 0, status == http.StatusRequestTimeout, status == http.StatusTooManyRequests, status >= 500:
		return 0, &TransientError{Err: fmt.Errorf("otlp %s: %s", e.url, describe(status, err)),
			RetryAfter: retry.ParseAfter(retryAfter, e.now())}
	}
	return 0, fmt.Errorf("otlp %s: %s", e.url, describe(status, err))
}

// compressed is body as it goes on the wire: gzipped when
// OTEL_EXPORTER_OTLP_COMPRESSION asks for it (a copy), else body itself.
func (e *otlpExporter) compressed(body []byte) ([]byte, error) {
	if !e.gzip {
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

// post sends one request (wire: the body as compressed) and reads the answer as otlploghttp does: a
// 2xx is success unless its protobuf answer names a partial success (then
// err is set and status is 2xx); anything else is an error with the
// status (0 when no answer came) and the body's first line.
func (e *otlpExporter) post(ctx context.Context, wire []byte) (status int, retryAfter string, err error) {
	rd, length := bytes.NewReader(wire), int64(len(wire))
	if e.gzip {
		length = -1 // sent chunked, as otlploghttp sends it
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url.String(), rd)
	if err != nil {
		return 0, "", err
	}
	req.ContentLength = length
	if length < 0 {
		req.GetBody = nil
	}
	req.Header = e.headers.Clone()
	resp, err := e.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	io.Copy(io.Discard, resp.Body) // let the connection be reused
	status, retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
	if status >= 200 && status < 300 {
		if rerr != nil {
			return status, retryAfter, rerr
		}
		if len(data) == 0 || resp.Header.Get("Content-Type") != "application/x-protobuf" {
			return status, retryAfter, nil
		}
		var r collogpb.ExportLogsServiceResponse
		if err := proto.Unmarshal(data, &r); err != nil {
			return status, retryAfter, err
		}
		if ps := r.GetPartialSuccess(); ps != nil && (ps.GetRejectedLogRecords() != 0 || ps.GetErrorMessage() != "") {
			return status, retryAfter, fmt.Errorf("OTLP partial success: %s (%d log records rejected)", ps.GetErrorMessage(), ps.GetRejectedLogRecords())
		}
		return status, retryAfter, nil
	}
	msg := strings.TrimSpace(string(data))
	if msg == "" {
		msg = "(empty)"
	}
	msg, _, _ = strings.Cut(msg, "\n")
	return status, retryAfter, fmt.Errorf("failed to send logs to %s: %s (body: %s)", e.url, resp.Status, msg)
}

func describe(status int, err error) string {
	if status == 0 {
		return err.Error()
	}
	return fmt.Sprintf("HTTP %d %s: %v", status, http.StatusText(status), err)
}

// Render writes each batch's request as one line of OTLP/JSON: the exact
// message Export would post, written instead of sent.
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
	e.client.CloseIdleConnections()
	return nil
}
