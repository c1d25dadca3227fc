//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters/exportertest"
)

// kitCollector is deploy/otelcol/config.yaml as shipped, with only its
// addresses and queue directory pointed at this test: the receiver on
// port, "Loki" at backend, the queue under dir.
func kitCollector(t *testing.T, port int, backend, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "otelcol", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	for old, new := range map[string]string{
		"0.0.0.0:4318":               fmt.Sprintf("127.0.0.1:%d", port),
		"0.0.0.0:4317":               fmt.Sprintf("127.0.0.1:%d", exportertest.FreePort(t)),
		"http://loki:3100/otlp":      backend,
		"/var/lib/otelcol/dos-queue": dir,
		"limit_percentage: 80":       "limit_mib: 512",
		"spike_limit_percentage: 20": "spike_limit_mib: 128",
		"service:\n  extensions:":    "service:\n  telemetry:\n    metrics:\n      level: none\n  extensions:",
		"min_size: 8192":             "min_size: 1",
		"flush_timeout: 2s":          "flush_timeout: 100ms",
	} {
		if !strings.Contains(cfg, old) {
			t.Fatalf("deploy/otelcol/config.yaml no longer has %q", old)
		}
		cfg = strings.ReplaceAll(cfg, old, new)
	}
	return cfg
}

// TestE2E_TheKitsCollectorKeepsWhatItAcknowledgedThroughACrash: dos
// exports into the kit's Collector while its backend is down; dos hears 2xx
// and moves its cursor; the Collector is SIGKILLed; when it and the backend
// come back, every record reaches the backend. This is where the
// at-least-once chain of docs/OPERATIONS.md extends to the queue's disk.
func TestE2E_TheKitsCollectorKeepsWhatItAcknowledgedThroughACrash(t *testing.T) {
	tl := getTools(t)
	exportertest.CollectorBinary(t)
	h := newHost(t, tl.dos)
	scenarioLite(t, h)
	recs := journalIDs(t, h.journal)

	port, backendPort := exportertest.FreePort(t), exportertest.FreePort(t)
	queue := t.TempDir()
	cfg := kitCollector(t, port, fmt.Sprintf("http://127.0.0.1:%d", backendPort), queue)
	kit := exportertest.StartCollectorFromConfig(t, cfg, port)
	out := h.must(0, "export", "--to", "otlp", "--endpoint", kit.Endpoint)
	if !strings.Contains(out, fmt.Sprintf("exported %d records", len(recs))) {
		t.Fatalf("export said %q", out)
	}
	time.Sleep(500 * time.Millisecond) // let the queue's consumer take its first (failing) attempt
	kit.Kill()

	backend := exportertest.StartCollector(t, backendPort)
	exportertest.StartCollectorFromConfig(t, cfg, port) // the same queue directory
	got := map[string]int{}
	if !eventually(60*time.Second, func() bool {
		got = map[string]int{}
		for _, l := range backend.Logs(t) {
			got[l.UID()]++
		}
		return len(got) == len(recs)
	}) {
		t.Fatalf("after the crash the backend holds %d of the %d records dos was told were delivered", len(got), len(recs))
	}
	for id := range recs {
		if got[id] == 0 {
			t.Fatalf("record %s never reached the backend", id)
		}
	}
	t.Logf("%d records acknowledged by the kit's Collector, SIGKILLed, restarted: all %d reached the backend", len(recs), len(got))
}

// scenarioLite is a few records of one run: enough to follow through the
// Collector without the whole scenario's sleeps.
func scenarioLite(t *testing.T, h *host) {
	t.Helper()
	run := h.startRun("--name", "kit")
	a := h.as(run)
	a.must(0, "lease", "acquire", "--lane", "api", "--paths", "api/")
	a.must(0, "lease", "heartbeat")
	a.must(0, "run", "end")
}
