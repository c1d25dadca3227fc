package exporters

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/benchgen"
	"github.com/dos-go/dos/journal"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	collogpb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	"google.golang.org/protobuf/proto"
)

// The reference the wire encoder is held to: the driver as it was before
// it wrote requests itself. Each record goes through OTLPRecord and the OTel
// log SDK (sdkLogs: attribute limits off, no dedup, a synchronous
// processor — the records the gRPC path sends) and otlploghttp's Exporter,
// whose request body is captured. otlploggrpc turns SDK records into the
// same protobuf message (its transform is otlploghttp's), so the wire
// encoder's bytes are what both protocols carry.

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

// referenceBody is the body otlploghttp posts for recs.
func referenceBody(t testing.TB, recs []*journal.Record, observed time.Time, res []attribute.KeyValue, version string) ([]byte, error) {
	t.Helper()
	sdk := newSDKLogs(res, version)
	defer sdk.close()
	sdkRecs := sdk.records(recs, observed)
	var body bytes.Buffer
	exp, err := otlploghttp.New(context.Background(), otlploghttp.WithEndpointURL("http://127.0.0.1:9/v1/logs"),
		otlploghttp.WithRetry(otlploghttp.RetryConfig{Enabled: false}), otlploghttp.WithCompression(otlploghttp.NoCompression),
		otlploghttp.WithHTTPClient(&http.Client{Transport: sinkTransport{&body}}))
	if err != nil {
		t.Fatal(err)
	}
	defer exp.Shutdown(context.Background())
	if err := exp.Export(context.Background(), sdkRecs); err != nil {
		return nil, err
	}
	return body.Bytes(), nil
}

var (
	refObserved = time.Date(2026, 11, 21, 10, 0, 0, 123456789, time.UTC)
	refVersion  = "v0.0.0-test"
	// refResource is what OTLPResource makes with no environment:
	// host.name, service.*, telemetry.sdk.*.
	refResource = func() []attribute.KeyValue {
		res, err := OTLPResource(func(string) string { return "" }, "exporting-host", refVersion)
		if err != nil {
			panic(err)
		}
		return res
	}()
)

// checkWire fails unless the wire encoder writes exactly the reference's
// bytes for recs, with dos's version on the scope.
func checkWire(t testing.TB, name string, recs []*journal.Record, res []attribute.KeyValue) {
	t.Helper()
	checkWireAs(t, name, recs, res, refVersion)
}

// checkWireAs is checkWire with the scope's version given.
func checkWireAs(t testing.TB, name string, recs []*journal.Record, res []attribute.KeyValue, version string) {
	t.Helper()
	want, werr := referenceBody(t, recs, refObserved, res, version)
	enc, err := newWireEncoder(res, version)
	if err != nil {
		t.Fatal(err)
	}
	_, got, gerr := enc.request(nil, recs, uint64(refObserved.UnixNano()))
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%s: reference error %v, wire error %v", name, werr, gerr)
	}
	if werr != nil {
		return
	}
	if !bytes.Equal(got, want) {
		var a, b collogpb.ExportLogsServiceRequest
		proto.Unmarshal(got, &a)
		proto.Unmarshal(want, &b)
		ja, _ := OTLPJSON(&a)
		jb, _ := OTLPJSON(&b)
		t.Fatalf("%s: %d bytes on the wire, the reference %d:\n%s\n---\n%s", name, len(got), len(want), ja, jb)
	}
}

func TestWire_FixturesAreByteForByteTheReference(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("..", "testdata", "journals", "*"))
	for _, dir := range dirs {
		j, err := journal.Open(dir)
		if err != nil {
			continue
		}
		var recs []*journal.Record
		for r, err := range j.Records(context.Background(), 0) {
			if err == nil {
				recs = append(recs, r)
			}
		}
		if len(recs) > 0 {
			checkWire(t, filepath.Base(dir), recs, refResource)
		}
	}
}

func TestWire_RealisticJournalIsByteForByteTheReference(t *testing.T) {
	recs := realRecords(t)
	n := len(recs)
	if testing.Short() {
		n = 2000
	}
	for i := 0; i < n; i += 1000 {
		checkWire(t, fmt.Sprintf("records %d-%d", i+1, i+1000), recs[i:i+1000], refResource)
	}
}

// shapeRecords is every detail shape (benchgen.Shapes) as the journal
// returns it after appending.
func shapeRecords(t testing.TB) []*journal.Record {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "shapes")
	i := 0
	w := journal.NewWriter(dir, journal.Options{Now: func() time.Time { i++; return benchgen.End.Add(time.Duration(i) * time.Second) }})
	if _, err := w.AppendBatch(context.Background(), benchgen.Shapes()); err != nil {
		t.Fatal(err)
	}
	w.Close()
	j, _ := journal.Open(dir)
	var out []*journal.Record
	for r, err := range j.Records(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// oddRecords are records no kernel writes but a journal may hold.
func oddRecords(t testing.TB) []*journal.Record {
	base := *shapeRecords(t)[0]
	var out []*journal.Record
	add := func(edit func(r *journal.Record)) {
		r := base
		edit(&r)
		out = append(out, &r)
	}
	add(func(r *journal.Record) {
		r.RunID, r.Lane, r.Subject, r.Host, r.Source, r.Verdict = "", "", "", "", "", ""
	})
	add(func(r *journal.Record) { r.RunID = "not-a-ulid"; r.ID = "also-not-a-ulid" })
	add(func(r *journal.Record) { r.RunID, r.ParentRunID = "RID-01JD6Z3Y8ABCDEF", "RID-000000000000000" })
	add(func(r *journal.Record) { r.ParentRunID = "01JD6Z3Y8T0000000000000A01"; r.Verdict = "NOT_SOMETHING_NEW" })
	add(func(r *journal.Record) { r.Verdict = "STALLED"; r.Kind = "something-new" })
	add(func(r *journal.Record) { r.TS = time.Unix(0, 0) })
	add(func(r *journal.Record) { r.TS = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC) })
	add(func(r *journal.Record) { r.Seq = 1 << 62; r.Syscall = "" })
	add(func(r *journal.Record) { r.Subject = "ünïcode \u2028 <&>" })
	for _, d := range oddDetails {
		add(func(r *journal.Record) { r.Detail = journal.Detail(d) })
	}
	add(func(r *journal.Record) { r.Detail = "" })
	add(func(r *journal.Record) { r.Detail = journal.Detail(`{"big":"` + strings.Repeat("x", 20000) + `"}`) })
	add(func(r *journal.Record) {
		r.Detail = journal.Detail(`{"a":[` + strings.Repeat(`{"b":"`+strings.Repeat("y", 100)+`"},`, 200) + `1]}`)
	})
	return out
}

func TestWire_EveryDetailShapeIsByteForByteTheReference(t *testing.T) {
	for _, r := range shapeRecords(t) {
		checkWire(t, string(r.Detail), []*journal.Record{r}, refResource)
	}
	checkWire(t, "every shape in one request", shapeRecords(t), refResource)
}

func TestWire_OddRecordsAreByteForByteTheReference(t *testing.T) {
	for _, r := range oddRecords(t) {
		checkWire(t, fmt.Sprintf("%+v", *r), []*journal.Record{r}, refResource)
	}
	checkWire(t, "odd records in one request", oddRecords(t), refResource)
	res, err := OTLPResource(func(k string) string {
		return map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=prod,a=%C3%BC,zz=", "OTEL_SERVICE_NAME": "referee"}[k]
	}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, "resource from the environment", oddRecords(t)[:3], res)
	checkWireAs(t, "no version: a scope without one", oddRecords(t)[:3], res, "")
	checkWireAs(t, "no resource attributes at all", oddRecords(t)[:3], nil, "")
}

func TestWire_UserAgentIsOtlploghttps(t *testing.T) {
	if want := "OTel Go OTLP over HTTP/protobuf logs exporter/" + otlploghttp.Version(); userAgent != want {
		t.Fatalf("User-Agent %q, otlploghttp sends %q", userAgent, want)
	}
}

func FuzzWireEncoder(f *testing.F) {
	for _, d := range oddDetails {
		f.Add(d, "SHIPPED", "S1")
	}
	for _, r := range benchgen.Shapes() {
		f.Add(string(r.Detail), r.Verdict, r.Subject)
	}
	f.Fuzz(func(t *testing.T, detail, verdict, subject string) {
		r := &journal.Record{V: 1, Seq: 7, ID: "01JD6Z3Y8T0000000000000Z01", TS: refObserved.Add(-time.Hour), Kind: "verdict", Syscall: "verify",
			Verdict: verdict, RunID: "01JD6Z3Y8T0000000000000A01", Subject: subject, Detail: journal.Detail(detail)}
		checkWire(t, "fuzz", []*journal.Record{r}, refResource)
	})
}

func TestOTLP_GzipPostsTheSameRequestCompressed(t *testing.T) {
	var body []byte
	var hdr http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr = r.Header
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			t.Errorf("body is not gzip: %v", err)
			return
		}
		body, _ = io.ReadAll(zr)
	}))
	defer srv.Close()
	recs := records(t, fixture(t, "basic"))
	exp, err := newOTLP(Settings{Endpoint: srv.URL, Now: func() time.Time { return refObserved }, Version: refVersion,
		Hostname: func() (string, error) { return "exporting-host", nil },
		Getenv:   func(k string) string { return map[string]string{"OTEL_EXPORTER_OTLP_COMPRESSION": "gzip"}[k] }})
	if err != nil {
		t.Fatal(err)
	}
	defer exp.Close()
	if _, err := exp.Export(context.Background(), Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	want, _ := referenceBody(t, recs, refObserved, refResource, refVersion)
	if hdr.Get("Content-Encoding") != "gzip" || hdr.Get("Content-Type") != "application/x-protobuf" || !bytes.Equal(body, want) {
		t.Fatalf("headers %v, %d bytes (want %d)", hdr, len(body), len(want))
	}
}

func TestOTLP_PartialSuccessIsAcknowledgedWithAWarning(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := proto.Marshal(&collogpb.ExportLogsServiceResponse{PartialSuccess: &collogpb.ExportLogsPartialSuccess{RejectedLogRecords: 2, ErrorMessage: "too old"}})
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.Write(b)
	}))
	defer srv.Close()
	var warned []string
	exp, err := newOTLP(Settings{Endpoint: srv.URL, Warn: func(s string) { warned = append(warned, s) }})
	if err != nil {
		t.Fatal(err)
	}
	defer exp.Close()
	recs := records(t, fixture(t, "basic"))
	if n, err := exp.Export(context.Background(), Batch{Records: recs}); err != nil || n != len(recs) {
		t.Fatalf("%d %v", n, err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "too old") || !strings.Contains(warned[0], "2 log records rejected") {
		t.Fatalf("warnings %q", warned)
	}
}

func TestOTLP_RefusalNamesTheStatusAndTheReceiversWords(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such tenant\nsecond line", http.StatusBadRequest)
	}))
	defer srv.Close()
	exp, _ := newOTLP(Settings{Endpoint: srv.URL})
	defer exp.Close()
	_, err := exp.Export(context.Background(), Batch{Records: records(t, fixture(t, "basic"))})
	if err == nil || !strings.Contains(err.Error(), "HTTP 400 Bad Request") || !strings.Contains(err.Error(), "no such tenant") || strings.Contains(err.Error(), "second line") {
		t.Fatalf("err = %v", err)
	}
	if ok, _ := IsTransient(err); ok {
		t.Fatal("400 must be permanent")
	}
}
