package exporters

import (
	"context"
	"crypto/tls"
	"sync"
	"time"

	"github.com/dos-go/dos/journal"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"
	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/credentials"
)

// OTLP over gRPC goes through the OpenTelemetry log SDK and otlploggrpc:
// each record is mapped by OTLPRecord, emitted on an SDK logger into a
// synchronous processor that keeps it, and the batch handed to
// otlploggrpc's Exporter.Export directly (the SDK's async batch processor
// would swallow the outcome). gRPC is the less common protocol, so it keeps
// the SDK's per-record cost (~10 µs and ~45 allocations a record) rather
// than a second hand-written encoder; http/protobuf, the default, writes
// its requests itself (wireEncoder).
//
// The message is the one the wire encoder writes: otlploggrpc's transform
// of SDK records into protobuf is otlploghttp's, and otlp_reference_test.go
// holds the wire encoder byte for byte to the SDK records sdkLogs makes,
// encoded by otlploghttp.

// sdkLogs maps journal records into OTel SDK log records carrying the
// resource and the scope (name and dos's version).
type sdkLogs struct {
	mu       sync.Mutex // guards collect: Prepare runs on the reader's goroutine
	provider *sdklog.LoggerProvider
	logger   otellog.Logger
	collect  *sdkCollector
}

func newSDKLogs(res []attribute.KeyValue, version string) *sdkLogs {
	s := &sdkLogs{collect: &sdkCollector{}}
	s.provider = sdklog.NewLoggerProvider(
		sdklog.WithResource(resource.NewSchemaless(res...)),
		sdklog.WithProcessor(s.collect),
		sdklog.WithAttributeCountLimit(-1),
		sdklog.WithAttributeValueLengthLimit(-1),
		sdklog.WithAllowKeyDuplication(), // keys are unique by construction; dedup costs a map per record
	)
	s.logger = s.provider.Logger(scopeName, otellog.WithInstrumentationVersion(version))
	return s
}

// records maps recs into SDK records, in a fresh slice. A record of a run
// carries its trace id and no span id (dos exports no spans).
func (s *sdkLogs) records(recs []*journal.Record, observed time.Time) []sdklog.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.collect.recs = make([]sdklog.Record, 0, len(recs))
	for _, r := range recs {
		lr, sc := OTLPRecord(r, observed)
		ctx := context.Background()
		if sc.HasTraceID() {
			ctx = trace.ContextWithSpanContext(ctx, sc)
		}
		s.logger.Emit(ctx, lr)
	}
	return s.collect.recs
}

func (s *sdkLogs) close() error { return s.provider.Shutdown(context.Background()) }

// sdkCollector is a synchronous SDK processor that keeps a copy of every
// record emitted.
type sdkCollector struct{ recs []sdklog.Record }

func (c *sdkCollector) OnEmit(_ context.Context, r *sdklog.Record) error {
	c.recs = append(c.recs, r.Clone())
	return nil
}
func (c *sdkCollector) Enabled(context.Context, sdklog.EnabledParameters) bool { return true }
func (c *sdkCollector) Shutdown(context.Context) error                         { return nil }
func (c *sdkCollector) ForceFlush(context.Context) error                       { return nil }

// grpcLogs is the gRPC path: SDK records posted by otlploggrpc.
type grpcLogs struct {
	*sdkLogs
	exp sdklog.Exporter
}

func newGRPCLogs(cfg OTLPConfig, res []attribute.KeyValue, version string) (*grpcLogs, error) {
	exp, err := newGRPCLogExporter(cfg)
	if err != nil {
		return nil, err
	}
	return &grpcLogs{sdkLogs: newSDKLogs(res, version), exp: exp}, nil
}

// export sends b (its SDK records from Prepare, or mapped now with
// observed as their export time); nil when it was delivered.
func (g *grpcLogs) export(ctx context.Context, b Batch, observed time.Time) *otlpFailure {
	recs, ok := b.Prepared.([]sdklog.Record)
	if !ok || len(recs) != len(b.Records) {
		recs = g.records(b.Records, observed)
	}
	if err := g.exp.Export(ctx, recs); err != nil {
		f := classifyGRPC(err)
		return &f
	}
	return nil
}

func (g *grpcLogs) close() error {
	g.exp.Shutdown(context.Background())
	return g.sdkLogs.close()
}

// newGRPCLogExporter is otlploggrpc with the same settings as the HTTP
// client: TLS (or plaintext for http://), headers, timeout, compression,
// and no retries of its own (the drain loop retries).
func newGRPCLogExporter(cfg OTLPConfig) (sdklog.Exporter, error) {
	opts := []otlploggrpc.Option{
		otlploggrpc.WithEndpoint(cfg.URL.Host),
		otlploggrpc.WithHeaders(cfg.Headers),
		otlploggrpc.WithTimeout(cfg.Timeout),
		otlploggrpc.WithRetry(otlploggrpc.RetryConfig{Enabled: false}),
	}
	switch {
	case cfg.Insecure:
		opts = append(opts, otlploggrpc.WithInsecure())
	case cfg.TLS != nil:
		opts = append(opts, otlploggrpc.WithTLSCredentials(credentials.NewTLS(cfg.TLS)))
	default:
		opts = append(opts, otlploggrpc.WithTLSCredentials(credentials.NewTLS(&tls.Config{MinVersion: tls.VersionTLS12})))
	}
	if cfg.Gzip {
		opts = append(opts, otlploggrpc.WithCompressor("gzip"))
	}
	return otlploggrpc.New(context.Background(), opts...)
}
