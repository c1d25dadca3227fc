package exporters

import (
	"bytes"
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
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/trace"
	collogpb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// scopeName is the instrumentation scope of every exported record.
const scopeName = "github.com/dos-go/dos/exporters"

// otlpExporter maps each batch through the OTel SDK's logger into SDK
// records, then hands them to otlploghttp's Exporter.Export directly: one
// request per batch, its outcome returned to the drain loop (the SDK's
// async batch processor would swallow it).
type otlpExporter struct {
	url      *url.URL
	now      func() time.Time
	warn     func(string)
	provider *sdklog.LoggerProvider
	collect  *collector
	obs      *observer
	exp      *otlploghttp.Exporter
	render   *otlploghttp.Exporter // posts into rendered, for --dry-run
	rendered *bytes.Buffer
	mu       sync.Mutex // guards collect: Prepare runs on the reader's goroutine
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
	e := &otlpExporter{url: u, now: s.now, warn: s.Warn, collect: &collector{}, rendered: &bytes.Buffer{}}
	if e.warn == nil {
		e.warn = func(string) {}
	}
	e.provider = sdklog.NewLoggerProvider(
		sdklog.WithResource(resource.NewSchemaless(attrs...)),
		sdklog.WithProcessor(e.collect),
		sdklog.WithAttributeCountLimit(-1),
		sdklog.WithAttributeValueLengthLimit(-1),
		sdklog.WithAllowKeyDuplication(), // keys are unique by construction; dedup costs a map per record
	)
	e.obs = &observer{base: http.DefaultTransport.(*http.Transport).Clone()}
	opts := []otlploghttp.Option{
		otlploghttp.WithEndpointURL(u.String()),
		otlploghttp.WithHeaders(headers),
		otlploghttp.WithRetry(otlploghttp.RetryConfig{Enabled: false}),
	}
	sink := &http.Client{Transport: sinkTransport{e.rendered}}
	if e.render, err = otlploghttp.New(context.Background(), append(opts, otlploghttp.WithHTTPClient(sink))...); err != nil {
		return nil, configErrorf("otlp exporter: %v", err)
	}
	if strings.EqualFold(s.getenv("OTEL_EXPORTER_OTLP_LOGS_COMPRESSION"), "gzip") ||
		strings.EqualFold(s.getenv("OTEL_EXPORTER_OTLP_COMPRESSION"), "gzip") {
		opts = append(opts, otlploghttp.WithCompression(otlploghttp.GzipCompression))
	}
	if e.exp, err = otlploghttp.New(context.Background(), append(opts, otlploghttp.WithHTTPClient(&http.Client{Transport: e.obs}))...); err != nil {
		return nil, configErrorf("otlp exporter: %v", err)
	}
	return e, nil
}

func (e *otlpExporter) Destination() string { return "otlp " + e.url.String() }
func (e *otlpExporter) Acknowledged() bool  { return true }

// Prepare maps a batch ahead of delivery (see Preparer).
func (e *otlpExporter) Prepare(recs []*journal.Record) any { return e.records(recs) }

// records maps recs through the SDK logger into SDK records carrying the
// resource and scope, in a fresh slice.
func (e *otlpExporter) records(recs []*journal.Record) []sdklog.Record {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.collect.recs = make([]sdklog.Record, 0, len(recs))
	logger := e.provider.Logger(scopeName)
	observed := e.now()
	for _, r := range recs {
		lr, sc := OTLPRecord(r, observed)
		ctx := context.Background()
		if sc.IsValid() {
			ctx = trace.ContextWithSpanContext(ctx, sc)
		}
		logger.Emit(ctx, lr)
	}
	return e.collect.recs
}

// Export posts the batch as one OTLP/HTTP request to /v1/logs.
func (e *otlpExporter) Export(ctx context.Context, b Batch) (int, error) {
	recs, ok := b.Prepared.([]sdklog.Record)
	if !ok {
		recs = e.records(b.Records)
	}
	e.obs.reset()
	err := e.exp.Export(ctx, recs)
	status, retryAfter := e.obs.result()
	switch {
	case err == nil:
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

func describe(status int, err error) string {
	if status == 0 {
		return err.Error()
	}
	return fmt.Sprintf("HTTP %d %s: %v", status, http.StatusText(status), err)
}

// Render writes each batch's request as one line of OTLP/JSON: the exact
// message Export would post, captured instead of sent.
func (e *otlpExporter) Render(w io.Writer, b Batch) error {
	e.rendered.Reset()
	if err := e.render.Export(context.Background(), e.records(b.Records)); err != nil {
		return err
	}
	var req collogpb.ExportLogsServiceRequest
	if err := proto.Unmarshal(e.rendered.Bytes(), &req); err != nil {
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
	ctx := context.Background()
	e.exp.Shutdown(ctx)
	e.render.Shutdown(ctx)
	return e.provider.Shutdown(ctx)
}

// collector is a synchronous SDK processor that keeps a copy of every
// record emitted, for Export to send.
type collector struct{ recs []sdklog.Record }

func (c *collector) OnEmit(_ context.Context, r *sdklog.Record) error {
	c.recs = append(c.recs, r.Clone())
	return nil
}
func (c *collector) Enabled(context.Context, sdklog.EnabledParameters) bool { return true }
func (c *collector) Shutdown(context.Context) error                         { return nil }
func (c *collector) ForceFlush(context.Context) error                       { return nil }

// observer is the HTTP transport under otlploghttp: it remembers the last
// response's status and Retry-After, which the exporter's error hides.
type observer struct {
	base       http.RoundTripper
	mu         sync.Mutex
	status     int
	retryAfter string
}

func (o *observer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := o.base.RoundTrip(req)
	if resp != nil {
		o.mu.Lock()
		o.status, o.retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
		o.mu.Unlock()
	}
	return resp, err
}

func (o *observer) reset() {
	o.mu.Lock()
	o.status, o.retryAfter = 0, ""
	o.mu.Unlock()
}

func (o *observer) result() (int, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.status, o.retryAfter
}

// sinkTransport answers every request 200 and keeps its body.
type sinkTransport struct{ body *bytes.Buffer }

func (s sinkTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s.body.Reset()
	if req.Body != nil {
		io.Copy(s.body, req.Body)
		req.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Header: http.Header{},
		Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
}
