package exporters

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dos-go/dos/internal/redact"
	"github.com/dos-go/dos/journal"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	otellog "go.opentelemetry.io/otel/log"
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
// records, then hands them to otlploghttp's (or otlploggrpc's)
// Exporter.Export directly: one request per batch, its outcome returned to
// the drain loop (the SDK's async batch processor would swallow it).
type otlpExporter struct {
	cfg      OTLPConfig
	version  string // dos's version: the instrumentation scope's
	dest     string // Destination(): the endpoint with query values masked
	now      func() time.Time
	warn     func(string)
	red      *redact.Redactor // header values and the endpoint's query
	provider *sdklog.LoggerProvider
	collect  *collector
	obs      *observer // http only
	exp      sdklog.Exporter
	render   *otlploghttp.Exporter // posts into rendered, for --dry-run
	rendered *bytes.Buffer
	mu       sync.Mutex // guards collect: Prepare runs on the reader's goroutine
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
	e := &otlpExporter{cfg: cfg, version: s.Version, now: s.now, warn: s.Warn, collect: &collector{}, rendered: &bytes.Buffer{}, red: &redact.Redactor{}}
	if e.warn == nil {
		e.warn = func(string) {}
	}
	for _, v := range cfg.Headers {
		e.red.AddHeader(v)
	}
	e.red.AddQuery(cfg.URL.RawQuery)
	e.dest = "otlp " + redact.Query(cfg.URL).String()
	if cfg.Protocol == ProtocolGRPC {
		e.dest = "otlp grpc " + cfg.URL.String()
	}
	e.provider = sdklog.NewLoggerProvider(
		sdklog.WithResource(resource.NewSchemaless(attrs...)),
		sdklog.WithProcessor(e.collect),
		sdklog.WithAttributeCountLimit(-1),
		sdklog.WithAttributeValueLengthLimit(-1),
		sdklog.WithAllowKeyDuplication(), // keys are unique by construction; dedup costs a map per record
	)
	renderURL := cfg.URL.String()
	if cfg.Protocol == ProtocolGRPC {
		renderURL = "http://" + cfg.URL.Host + LogsPath
	}
	sink := &http.Client{Transport: sinkTransport{e.rendered}}
	if e.render, err = otlploghttp.New(context.Background(), otlploghttp.WithEndpointURL(renderURL),
		otlploghttp.WithRetry(otlploghttp.RetryConfig{Enabled: false}), otlploghttp.WithHTTPClient(sink)); err != nil {
		return nil, configErrorf("otlp exporter: %v", e.red.String(err.Error()))
	}
	if cfg.Protocol == ProtocolGRPC {
		e.exp, err = newGRPCLogExporter(cfg)
	} else {
		e.exp, e.obs, err = newHTTPLogExporter(cfg)
	}
	if err != nil {
		return nil, configErrorf("otlp exporter: %v", e.red.String(err.Error()))
	}
	return e, nil
}

// newHTTPLogExporter is otlploghttp on dos's own client: TLS from the
// environment, a timeout on every request, no redirects (a redirected POST
// would carry x-api-key and every other header to another host, and its
// answer would move the cursor), and an observer that keeps the status.
func newHTTPLogExporter(cfg OTLPConfig) (sdklog.Exporter, *observer, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = cfg.TLS
	obs := &observer{base: tr}
	client := &http.Client{Transport: obs, Timeout: cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	opts := []otlploghttp.Option{
		otlploghttp.WithEndpointURL(cfg.URL.String()),
		otlploghttp.WithHeaders(cfg.Headers),
		otlploghttp.WithRetry(otlploghttp.RetryConfig{Enabled: false}),
		otlploghttp.WithTimeout(cfg.Timeout),
		otlploghttp.WithHTTPClient(client),
	}
	if cfg.Gzip {
		opts = append(opts, otlploghttp.WithCompression(otlploghttp.GzipCompression))
	}
	exp, err := otlploghttp.New(context.Background(), opts...)
	return exp, obs, err
}

func (e *otlpExporter) Destination() string { return e.dest }
func (e *otlpExporter) Acknowledged() bool  { return true }

// Prepare maps a batch ahead of delivery (see Preparer).
func (e *otlpExporter) Prepare(recs []*journal.Record) any { return e.records(recs) }

// records maps recs through the SDK logger into SDK records carrying the
// resource and scope, in a fresh slice.
func (e *otlpExporter) records(recs []*journal.Record) []sdklog.Record {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.collect.recs = make([]sdklog.Record, 0, len(recs))
	logger := e.provider.Logger(scopeName, otellog.WithInstrumentationVersion(e.version))
	observed := e.now()
	for _, r := range recs {
		lr, sc := OTLPRecord(r, observed)
		ctx := context.Background()
		if sc.HasTraceID() {
			ctx = trace.ContextWithSpanContext(ctx, sc)
		}
		logger.Emit(ctx, lr)
	}
	return e.collect.recs
}

// Export posts the batch as one OTLP request. Errors say what went wrong,
// never the destination (the caller names it once) nor a header's value.
func (e *otlpExporter) Export(ctx context.Context, b Batch) (int, error) {
	recs, ok := b.Prepared.([]sdklog.Record)
	if !ok {
		recs = e.records(b.Records)
	}
	if e.obs != nil {
		e.obs.reset()
	}
	err := e.exp.Export(ctx, recs)
	if err == nil {
		return len(b.Records), nil
	}
	var f otlpFailure
	if e.obs != nil {
		f = classifyHTTP(err, e.obs.result(), e.now())
	} else {
		f = classifyGRPC(err)
	}
	msg := e.red.String(f.msg)
	switch {
	case f.partial:
		// The receiver took the request and rejected some records for
		// good; sending them again would not change that.
		e.warn("otlp: the receiver accepted the batch but rejected part of it: " + msg)
		return len(b.Records), nil
	case f.transient:
		return 0, &TransientError{Err: errors.New(msg), RetryAfter: f.retryAfter}
	}
	return 0, errors.New(msg)
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
	base http.RoundTripper
	mu   sync.Mutex
	last observed
}

// observed is what the observer kept of the last response.
type observed struct {
	status     int
	retryAfter string
	snippet    string // the start of an error response's body
}

func (o *observer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := o.base.RoundTrip(req)
	if resp != nil {
		ob := observed{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
		if resp.StatusCode/100 != 2 && resp.Body != nil {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
			ob.snippet = string(b)
			resp.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
		}
		o.mu.Lock()
		o.last = ob
		o.mu.Unlock()
	}
	return resp, err
}

func (o *observer) reset() {
	o.mu.Lock()
	o.last = observed{}
	o.mu.Unlock()
}

func (o *observer) result() observed {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.last
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
