package pipes

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters"
	"github.com/dos-go/dos/exporters/exportertest"
)

// counting is an httptest server that counts requests and answers with h.
func counting(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1); h(w, r) }))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestExportOTLP_ARedirectIsRefusedAndNoCredentialFollowsIt(t *testing.T) {
	j := fixture(t, "basic")
	var leaked atomic.Value
	other, got := counting(t, func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("x-api-key") + r.Header.Get("DD-API-KEY"))
	})
	col, asked := counting(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/v1/logs", http.StatusTemporaryRedirect)
	})
	env := map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "x-api-key=apiK3yRedirect1,DD-API-KEY=ddK3yRedirect2"}
	r := dos(t, env, "--journal", j, "export", "--to", "otlp", "--endpoint", col.URL)
	if r.code != 1 || got.Load() != 0 || asked.Load() != 1 || !strings.Contains(r.stderr, "redirects are not followed") {
		t.Fatalf("exit %d, %d requests to the collector, %d to the redirect target (%v)\n%s%s", r.code, asked.Load(), got.Load(), leaked.Load(), r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(j, "cursors", "otlp.json")); err == nil {
		if s := dos(t, nil, "--journal", j, "--json", "export", "status"); !strings.Contains(s.stdout, `"seq": 0`) {
			t.Fatalf("the cursor moved on a redirect:\n%s", s.stdout)
		}
	}
}

func TestExportOTLP_TLSFromTheStandardVariables(t *testing.T) {
	pki := exportertest.NewPKI(t)
	tlsCol := exportertest.StartCollectorWith(t, 0, exportertest.Options{TLS: &pki, GRPC: true})
	mtls := exportertest.StartCollectorWith(t, 0, exportertest.Options{TLS: &pki, ClientAuth: true})
	ca := map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": pki.CA}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	for _, c := range []struct {
		name     string
		col      *exportertest.Collector
		endpoint string
		env      map[string]string
		code     int
		stderr   string
	}{
		{"a private CA not configured fails at once, not retried", tlsCol, tlsCol.Endpoint, nil, 1, "not retried"},
		{"the CA in OTEL_EXPORTER_OTLP_CERTIFICATE", tlsCol, tlsCol.Endpoint, ca, 0, ""},
		{"the logs-specific variable wins", tlsCol, tlsCol.Endpoint, map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": pki.ClientCert, "OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE": pki.CA}, 0, ""},
		{"mTLS without a client certificate is refused, not retried", mtls, mtls.Endpoint, ca, 1, "not retried"},
		{"mTLS with a stranger's certificate is refused", mtls, mtls.Endpoint, with(ca, "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", pki.StrangerCert, "OTEL_EXPORTER_OTLP_CLIENT_KEY", pki.Stray), 1, "not retried"},
		{"mTLS with the client certificate", mtls, mtls.Endpoint, with(ca, "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", pki.ClientCert, "OTEL_EXPORTER_OTLP_CLIENT_KEY", pki.Client), 0, ""},
		{"gRPC over TLS", tlsCol, tlsCol.GRPCEndpoint, with(ca, "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), 0, ""},
		{"gRPC over TLS without the CA fails at once", tlsCol, tlsCol.GRPCEndpoint, map[string]string{"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL": "grpc"}, 1, "not retried"},
		{"a client certificate without its key", mtls, mtls.Endpoint, with(ca, "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", pki.ClientCert), 2, "needs both"},
		{"an unreadable CA file", mtls, mtls.Endpoint, map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": "/nonexistent/ca.pem"}, 2, "OTEL_EXPORTER_OTLP_CERTIFICATE /nonexistent/ca.pem"},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := fixture(t, "basic")
			before := len(c.col.Logs(t))
			r := dos(t, c.env, "--journal", j, "export", "--to", "otlp", "--endpoint", c.endpoint, "--timeout", "20s")
			if r.code != c.code || !strings.Contains(r.stderr, c.stderr) {
				t.Fatalf("exit %d, want %d with %q\n%s%s", r.code, c.code, c.stderr, r.stdout, r.stderr)
			}
			if c.code == 1 && strings.Contains(r.stderr, "retrying") {
				t.Fatalf("a TLS failure was retried:\n%s", r.stderr)
			}
			want := map[int]int{0: 11}[c.code]
			if got := len(c.col.Logs(t)) - before; got != want {
				t.Fatalf("the collector took %d records, want %d", got, want)
			}
		})
	}
}

func TestExportOTLP_ProtocolTimeoutAndCompressionAreHonouredOrRefused(t *testing.T) {
	col := exportertest.StartCollectorWith(t, 0, exportertest.Options{GRPC: true})
	for _, c := range []struct {
		name     string
		endpoint string
		env      map[string]string
		code     int
		stderr   string
	}{
		{"grpc sends over gRPC", col.GRPCEndpoint, map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_COMPRESSION": "gzip"}, 0, ""},
		{"http/json is refused", col.Endpoint, map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}, 2, "OTEL_EXPORTER_OTLP_PROTOCOL=http/json is not supported"},
		{"an unknown protocol is refused", col.Endpoint, map[string]string{"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL": "thrift"}, 2, `OTEL_EXPORTER_OTLP_LOGS_PROTOCOL="thrift"`},
		{"an unknown compression is refused", col.Endpoint, map[string]string{"OTEL_EXPORTER_OTLP_COMPRESSION": "zstd"}, 2, "use gzip or none"},
		{"a timeout that is not milliseconds is refused", col.Endpoint, map[string]string{"OTEL_EXPORTER_OTLP_TIMEOUT": "5s"}, 2, "milliseconds"},
		{"an impossible port is configuration, not an outage", "http://127.0.0.1:99999", nil, 2, "port 99999 is not 1 to 65535"},
		{"an impossible gRPC port too", "127.0.0.1:0", map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, 2, "port 0 is not 1 to 65535"},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := fixture(t, "basic")
			before := len(col.Logs(t))
			r := dos(t, c.env, "--journal", j, "export", "--to", "otlp", "--endpoint", c.endpoint)
			if r.code != c.code || !strings.Contains(r.stderr, c.stderr) {
				t.Fatalf("exit %d, want %d with %q\n%s%s", r.code, c.code, c.stderr, r.stdout, r.stderr)
			}
			if got, want := len(col.Logs(t))-before, map[int]int{0: 11}[c.code]; got != want {
				t.Fatalf("the collector took %d records, want %d", got, want)
			}
		})
	}

	// OTEL_EXPORTER_OTLP_TIMEOUT bounds each request: a receiver that never
	// answers is asked again within one --timeout instead of once.
	hang, n := counting(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	j := fixture(t, "basic")
	r := dos(t, map[string]string{"OTEL_EXPORTER_OTLP_LOGS_TIMEOUT": "150"}, "--journal", j, "export", "--to", "otlp", "--endpoint", hang.URL, "--timeout", "3s")
	if r.code != 1 || n.Load() < 2 || !strings.Contains(r.stderr, "timed out") {
		t.Fatalf("exit %d after %d requests, want 1 after 2 or more cut at 150ms\n%s%s", r.code, n.Load(), r.stdout, r.stderr)
	}
}

func TestExportOTLP_EchoedHeadersAndQueryTokensNeverReachOutputOrCursor(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		for k, v := range r.Header {
			b.WriteString(k + "=" + strings.Join(v, ",") + " ")
		}
		b.WriteString("url=" + r.URL.String())
		http.Error(w, b.String(), http.StatusBadRequest)
	}))
	t.Cleanup(echo.Close)
	ok, _ := counting(t, func(http.ResponseWriter, *http.Request) {})
	env := map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "authorization=Bearer%20bearTok9Zq4Leak,x-api-key=apiKeyLeak7Wm2"}
	secrets := []string{"bearTok9Zq4Leak", "apiKeyLeak7Wm2", "queryTok3Xv8Leak"}
	j := fixture(t, "basic")
	for _, srv := range []string{echo.URL, ok.URL} {
		for _, json := range []bool{false, true} {
			args := []string{"--journal", j, "export", "--to", "otlp", "--endpoint", srv + "/v1/logs?api_key=queryTok3Xv8Leak"}
			if json {
				args = append([]string{"--json"}, args...)
			}
			r := dos(t, env, args...)
			for _, s := range secrets {
				if strings.Contains(r.stdout+r.stderr, s) {
					t.Fatalf("output leaks %q:\n%s%s", s, r.stdout, r.stderr)
				}
			}
		}
	}
	noneUnder(t, j, secrets)
}

// noneUnder fails if any file under dir holds one of secrets.
func noneUnder(t *testing.T, dir string, secrets []string) {
	t.Helper()
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Fatalf("%s holds %q:\n%s", p, s, b)
			}
		}
		return nil
	})
}

func TestExportOTLP_ARunIsATraceWithoutMadeUpSpansAndTheSDKIsNamed(t *testing.T) {
	col := exportertest.StartCollector(t, 0)
	j := fixture(t, "basic")
	if r := dos(t, nil, "--journal", j, "export", "--to", "otlp", "--endpoint", col.Endpoint); r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	logs := col.Logs(t)
	if len(logs) != 11 {
		t.Fatalf("%d records", len(logs))
	}
	runs := 0
	for _, l := range logs {
		if l.SpanID != "" {
			t.Fatalf("record %s carries span id %s, which no exported span has", l.UID(), l.SpanID)
		}
		if run, _ := l.Attrs["dos.run_id"].(string); run != "" {
			runs++
			if want := exporters.TraceID(run).String(); !strings.EqualFold(l.TraceID, want) {
				t.Fatalf("record %s of run %s has trace id %q, want %s", l.UID(), run, l.TraceID, want)
			}
		}
		if l.ScopeVersion == "" || l.Resource["telemetry.sdk.name"] != "opentelemetry" || l.Resource["telemetry.sdk.language"] != "go" || l.Resource["telemetry.sdk.version"] == "" {
			t.Fatalf("scope version %q, resource %v: want the scope's version and telemetry.sdk.*", l.ScopeVersion, l.Resource)
		}
	}
	if runs == 0 {
		t.Fatal("the fixture has no record of a run")
	}
}
