package exporters

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters/exportertest"
)

// The http/protobuf driver posts the wire encoder's bytes with its own
// client; these hold that client to ResolveOTLP's configuration.

func newOTLPEnv(t *testing.T, endpoint string, env map[string]string) Exporter {
	t.Helper()
	exp, err := newOTLP(Settings{Endpoint: endpoint, Now: func() time.Time { return refObserved }, Version: refVersion,
		Hostname: func() (string, error) { return "exporting-host", nil }, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { exp.Close() })
	return exp
}

func TestOTLP_ARedirectIsPermanentAndNotFollowed(t *testing.T) {
	var followed atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { followed.Add(1) }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+LogsPath, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	exp := newOTLPEnv(t, srv.URL, map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "x-api-key=k3yNotFollowing"})
	n, err := exp.Export(context.Background(), Batch{Records: records(t, fixture(t, "basic"))})
	if n != 0 || err == nil || !strings.Contains(err.Error(), "HTTP 307") || !strings.Contains(err.Error(), "redirects are not followed") || followed.Load() != 0 {
		t.Fatalf("%d %v; %d requests followed the redirect", n, err, followed.Load())
	}
	if ok, _ := IsTransient(err); ok {
		t.Fatal("a redirect must be permanent")
	}
}

func TestOTLP_AnUntrustedCertificateIsPermanentAndACAFromTheEnvironmentIsTrusted(t *testing.T) {
	var got atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { got.Add(1) }))
	defer srv.Close()
	recs := records(t, fixture(t, "basic"))
	_, err := newOTLPEnv(t, srv.URL, nil).Export(context.Background(), Batch{Records: recs})
	if err == nil || !strings.Contains(err.Error(), "TLS: ") || !strings.Contains(err.Error(), "OTEL_EXPORTER_OTLP_CERTIFICATE") {
		t.Fatalf("err = %v", err)
	}
	if ok, _ := IsTransient(err); ok {
		t.Fatal("an x509 failure must be permanent")
	}
	// the server's certificate as the CA
	ca := t.TempDir() + "/ca.pem"
	writePEM(t, ca, srv.Certificate().Raw)
	if n, err := newOTLPEnv(t, srv.URL, map[string]string{"OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE": ca}).Export(context.Background(), Batch{Records: recs}); err != nil || n != len(recs) || got.Load() != 1 {
		t.Fatalf("%d %v, %d requests", n, err, got.Load())
	}
}

func TestOTLP_TheRequestTimeoutComesFromTheEnvironment(t *testing.T) {
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	defer srv.Close()
	defer close(done)
	start := time.Now()
	_, err := newOTLPEnv(t, srv.URL, map[string]string{"OTEL_EXPORTER_OTLP_TIMEOUT": "100"}).Export(context.Background(), Batch{Records: records(t, fixture(t, "basic"))})
	if ok, _ := IsTransient(err); !ok || !strings.Contains(err.Error(), "timed out") || time.Since(start) > 3*time.Second {
		t.Fatalf("after %s: %v", time.Since(start), err)
	}
}

func TestOTLP_ErrorsAndDestinationCarryNoSecret(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "you sent "+r.Header.Get("Authorization")+" to "+r.URL.String(), http.StatusForbidden)
	}))
	defer srv.Close()
	exp := newOTLPEnv(t, srv.URL+"/v1/logs?token=qTok3nSecret9", map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "Authorization=Bearer%20bTok3nSecret9"})
	_, err := exp.Export(context.Background(), Batch{Records: records(t, fixture(t, "basic"))})
	if err == nil || !strings.Contains(err.Error(), "HTTP 403") {
		t.Fatalf("err = %v", err)
	}
	for _, s := range []string{err.Error(), exp.Destination()} {
		if strings.Contains(s, "qTok3nSecret9") || strings.Contains(s, "bTok3nSecret9") {
			t.Fatalf("%q leaks a secret", s)
		}
	}
}

// TestOTLP_GRPCAndHTTPDeliverTheSameRecords: the gRPC path (the SDK and
// otlploggrpc) and the HTTP path (the wire encoder and net/http) hand a
// real Collector the same records, resource and scope.
func TestOTLP_GRPCAndHTTPDeliverTheSameRecords(t *testing.T) {
	col := exportertest.StartCollectorWith(t, 0, exportertest.Options{GRPC: true})
	recs := records(t, fixture(t, "basic"))
	var got [2][]exportertest.Log
	for i, env := range []map[string]string{nil, {"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_COMPRESSION": "gzip"}} {
		endpoint := col.Endpoint
		if env != nil {
			endpoint = col.GRPCEndpoint
		}
		before := len(col.Logs(t))
		exp := newOTLPEnv(t, endpoint, env)
		if n, err := exp.Export(context.Background(), Batch{Records: recs, Prepared: exp.(Preparer).Prepare(recs)}); err != nil || n != len(recs) {
			t.Fatalf("%v: %d %v", env, n, err)
		}
		got[i] = col.Logs(t)[before:]
	}
	if len(got[0]) != len(recs) || !reflect.DeepEqual(got[0], got[1]) {
		t.Fatalf("http and grpc delivered different records:\n%+v\n---\n%+v", got[0], got[1])
	}
	if l := got[1][0]; l.SpanID != "" || l.ScopeVersion != refVersion || l.Resource["telemetry.sdk.name"] != "opentelemetry" {
		t.Fatalf("%+v", l)
	}
}

func writePEM(t *testing.T, path string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
