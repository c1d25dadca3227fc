// Package exportertest runs the real peers dos's export tests deliver to:
// an OpenTelemetry Collector built from internal/testcollector and started
// on a free loopback port, and a UDP socket that keeps every DogStatsD
// datagram it receives.
package exportertest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// StartupWait bounds how long a collector may take to listen.
const StartupWait = 60 * time.Second

// CollectorBinary returns the path of internal/testcollector's binary,
// building it on first use; the result is cached by content under the user
// cache dir, so later calls cost a hash and a stat. It skips the test, with
// the reason, only when the collector's modules cannot be downloaded.
func CollectorBinary(tb testing.TB) string {
	tb.Helper()
	return moduleBinary(tb, "testcollector")
}

// moduleBinary builds (or finds cached) the binary of the module
// internal/NAME of the main module.
func moduleBinary(tb testing.TB, name string) string {
	tb.Helper()
	bin, skip, err := build(name)
	if skip != "" {
		tb.Skip(skip)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

func build(name string) (bin, skip string, err error) {
	src, err := sourceDir(name)
	if err != nil {
		return "", "", err
	}
	files, err := filepath.Glob(filepath.Join(src, "*.go"))
	if err != nil {
		return "", "", err
	}
	h := sha256.New()
	for _, f := range append([]string{filepath.Join(src, "go.mod"), filepath.Join(src, "go.sum")}, files...) {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	bin = filepath.Join(cache, "dos-"+name, hex.EncodeToString(h.Sum(nil))[:16], name)
	if _, err := os.Stat(bin); err == nil {
		return bin, "", nil
	}
	out, err := goCmd(src, "mod", "download")
	if err != nil {
		if offline(out) {
			return "", fmt.Sprintf("cannot download the modules of internal/%s, so no peer to test against (offline?): %s", name, firstLine(out)), nil
		}
		return "", "", fmt.Errorf("go mod download in %s: %v\n%s", src, err, out)
	}
	// Concurrent first uses each build into their own file; the renames
	// land the same bytes.
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return "", "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(bin), "build-")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(tmp)
	if out, err := goCmd(src, "build", "-o", filepath.Join(tmp, name), "."); err != nil {
		return "", "", fmt.Errorf("build internal/%s: %v\n%s", name, err, out)
	}
	return bin, "", os.Rename(filepath.Join(tmp, name), bin)
}

func goCmd(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func offline(out string) bool {
	for _, s := range []string{"dial tcp", "no such host", "connection refused", "GOPROXY=off", "network is unreachable", "i/o timeout", "TLS handshake"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// sourceDir finds internal/NAME from the main module's go.mod.
func sourceDir(name string) (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	dir := filepath.Join(filepath.Dir(strings.TrimSpace(string(out))), "internal", name)
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return "", fmt.Errorf("internal/%s sources: %v", name, err)
	}
	return dir, nil
}

// Collector is a running test collector.
type Collector struct {
	// Endpoint is its OTLP/HTTP base URL, e.g. http://127.0.0.1:43817
	// (https:// with Options.TLS).
	Endpoint string
	// GRPCEndpoint is its OTLP/gRPC address as a URL (Options.GRPC), e.g.
	// http://127.0.0.1:43818.
	GRPCEndpoint string
	// Captured is the file it appends each received request to (OTLP/JSON).
	Captured string
	// Counted is the file its count exporter keeps the number of received
	// records in (StartCollectorCounting).
	Counted string
	Port    int

	cmd  *exec.Cmd
	done chan struct{}
	log  *bytes.Buffer
}

// StartCollector starts a collector on a free loopback port and waits (at
// most StartupWait) until it accepts connections. It is stopped when the
// test ends. port 0 picks a free one.
func StartCollector(tb testing.TB, port int) *Collector {
	tb.Helper()
	return StartCollectorWith(tb, port, Options{})
}

// Options shape a test collector's receivers.
type Options struct {
	// TLS serves OTLP/HTTP (and gRPC) over TLS with the PKI's server
	// certificate.
	TLS *PKI
	// ClientAuth requires a client certificate signed by the PKI's CA.
	ClientAuth bool
	// GRPC adds an OTLP/gRPC receiver on a second free port.
	GRPC bool
}

// StartCollectorWith is StartCollector with TLS, mTLS or gRPC receivers;
// what they take is captured like the plain one's.
func StartCollectorWith(tb testing.TB, port int, o Options) *Collector {
	tb.Helper()
	return start(tb, port, "capture, debug", o)
}

// StartCollectorNoCapture starts a collector whose only exporter is debug
// at basic verbosity, for benchmarks that send millions of records.
func StartCollectorNoCapture(tb testing.TB, port int) *Collector {
	tb.Helper()
	return start(tb, port, "debug", Options{})
}

// StartCollectorCounting starts a collector whose only exporter counts
// the records it receives (see Received): the cheapest sink to wait on.
func StartCollectorCounting(tb testing.TB) *Collector {
	tb.Helper()
	return start(tb, 0, "count", Options{})
}

// Received is how many log records a StartCollectorCounting collector
// has acknowledged so far.
func (c *Collector) Received(tb testing.TB) int64 {
	tb.Helper()
	b, err := os.ReadFile(c.Counted)
	if err != nil {
		tb.Fatal(err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64) // zero-padded: not fmt.Sscan, which reads it as octal
	if err != nil {
		tb.Fatalf("count file %q: %v", b, err)
	}
	return n
}

func start(tb testing.TB, port int, exporters string, o Options) *Collector {
	tb.Helper()
	bin := CollectorBinary(tb)
	dir := tb.TempDir()
	if port == 0 {
		port = FreePort(tb)
	}
	scheme, tlsCfg := "http", ""
	if o.TLS != nil {
		scheme = "https"
		tlsCfg = fmt.Sprintf("\n        tls:\n          cert_file: %s\n          key_file: %s", o.TLS.ServerCert, o.TLS.Server)
		if o.ClientAuth {
			tlsCfg += "\n          client_ca_file: " + o.TLS.CA
		}
	}
	c := &Collector{Endpoint: fmt.Sprintf("%s://127.0.0.1:%d", scheme, port), Captured: filepath.Join(dir, "received.jsonl"),
		Counted: filepath.Join(dir, "count"), Port: port, done: make(chan struct{}), log: &bytes.Buffer{}}
	grpc := ""
	if o.GRPC {
		gp := FreePort(tb)
		c.GRPCEndpoint = fmt.Sprintf("%s://127.0.0.1:%d", scheme, gp)
		grpc = fmt.Sprintf("\n      grpc:\n        endpoint: 127.0.0.1:%d%s", gp, tlsCfg)
	}
	cfg := fmt.Sprintf(`receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:%d%s%s
exporters:
  debug:
    verbosity: basic
  capture:
    path: %s
  count:
    path: %s
service:
  telemetry:
    logs:
      level: warn
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [otlp]
      exporters: [%s]
`, port, tlsCfg, grpc, c.Captured, c.Counted, exporters)
	return c.launch(tb, bin, dir, cfg)
}

// StartCollectorFromConfig runs the test collector with a configuration
// of the caller's (the operator kit's, say) and waits until port accepts
// connections. Its components are those internal/testcollector builds in.
func StartCollectorFromConfig(tb testing.TB, cfg string, port int) *Collector {
	tb.Helper()
	bin := CollectorBinary(tb)
	c := &Collector{Endpoint: fmt.Sprintf("http://127.0.0.1:%d", port), Port: port, done: make(chan struct{}), log: &bytes.Buffer{}}
	return c.launch(tb, bin, tb.TempDir(), cfg)
}

// Kill ends the collector with SIGKILL, as a crash would.
func (c *Collector) Kill() {
	select {
	case <-c.done:
		return
	default:
	}
	c.cmd.Process.Kill()
	<-c.done
}

// launch writes cfg and starts the collector, waiting for its ports.
func (c *Collector) launch(tb testing.TB, bin, dir, cfg string) *Collector {
	tb.Helper()
	port := c.Port
	cfgPath := filepath.Join(dir, "collector.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		tb.Fatal(err)
	}
	c.cmd = exec.Command(bin, "--config=file:"+cfgPath)
	c.cmd.Stdout, c.cmd.Stderr = c.log, c.log
	if err := c.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() { c.cmd.Wait(); close(c.done) }()
	tb.Cleanup(c.Stop)
	deadline := time.Now().Add(StartupWait)
	for {
		conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			conn.Close()
			if c.GRPCEndpoint == "" {
				return c
			}
			if conn, err = net.DialTimeout("tcp", strings.TrimPrefix(strings.TrimPrefix(c.GRPCEndpoint, "http://"), "https://"), 200*time.Millisecond); err == nil {
				conn.Close()
				return c
			}
		}
		select {
		case <-c.done:
			tb.Fatalf("test collector exited at startup:\n%s", c.log)
		default:
		}
		if time.Now().After(deadline) {
			c.Stop()
			tb.Fatalf("test collector not listening after %s:\n%s", StartupWait, c.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// CPU is the collector's CPU time (user + system) so far.
func (c *Collector) CPU(tb testing.TB) time.Duration {
	tb.Helper()
	cpu, _, err := ProcUsage(c.cmd.Process.Pid)
	if err != nil {
		tb.Fatal(err)
	}
	return cpu
}

// Stop shuts the collector down (SIGTERM, then SIGKILL after 10s).
func (c *Collector) Stop() {
	select {
	case <-c.done:
		return
	default:
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		<-c.done
	}
}

// FreePort returns a loopback TCP port nobody listens on right now.
func FreePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Logs returns every log record the collector has acknowledged so far.
func (c *Collector) Logs(tb testing.TB) []Log {
	tb.Helper()
	f, err := os.Open(c.Captured)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []Log
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for sc.Scan() {
		logs, err := ParseOTLPJSON(sc.Bytes())
		if err != nil {
			tb.Fatalf("captured line: %v", err)
		}
		out = append(out, logs...)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// Log is one received log record, flattened for assertions.
type Log struct {
	Resource     map[string]any
	Scope        string
	ScopeVersion string
	Time         time.Time
	Observed     time.Time
	Severity     int
	SeverityText string
	Body         string
	TraceID      string // hex
	SpanID       string // hex
	EventName    string
	Attrs        map[string]any // ints as int64, slices as []any
}

// UID is the record id the log carries.
func (l Log) UID() string { s, _ := l.Attrs["log.record.uid"].(string); return s }

// ParseOTLPJSON reads one OTLP/JSON logs request (as the collector writes it).
func ParseOTLPJSON(b []byte) ([]Log, error) {
	var req struct {
		ResourceLogs []struct {
			Resource struct {
				Attributes []kv `json:"attributes"`
			} `json:"resource"`
			ScopeLogs []struct {
				Scope struct {
					Name    string `json:"name"`
					Version string `json:"version"`
				} `json:"scope"`
				LogRecords []struct {
					TimeUnixNano         string          `json:"timeUnixNano"`
					ObservedTimeUnixNano string          `json:"observedTimeUnixNano"`
					SeverityNumber       int             `json:"severityNumber"`
					SeverityText         string          `json:"severityText"`
					Body                 json.RawMessage `json:"body"`
					Attributes           []kv            `json:"attributes"`
					TraceID              string          `json:"traceId"`
					SpanID               string          `json:"spanId"`
					EventName            string          `json:"eventName"`
				} `json:"logRecords"`
			} `json:"scopeLogs"`
		} `json:"resourceLogs"`
	}
	if err := json.Unmarshal(b, &req); err != nil {
		return nil, err
	}
	var out []Log
	for _, rl := range req.ResourceLogs {
		res := attrs(rl.Resource.Attributes)
		for _, sl := range rl.ScopeLogs {
			for _, lr := range sl.LogRecords {
				var body any
				if len(lr.Body) > 0 {
					body = value(lr.Body)
				}
				s, _ := body.(string)
				out = append(out, Log{Resource: res, Scope: sl.Scope.Name, ScopeVersion: sl.Scope.Version, Time: nanos(lr.TimeUnixNano),
					Observed: nanos(lr.ObservedTimeUnixNano), Severity: lr.SeverityNumber, SeverityText: lr.SeverityText,
					Body: s, TraceID: lr.TraceID, SpanID: lr.SpanID, EventName: lr.EventName, Attrs: attrs(lr.Attributes)})
			}
		}
	}
	return out, nil
}
