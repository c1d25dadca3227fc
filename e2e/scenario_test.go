//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters/exportertest"
	"github.com/dos-go/dos/journal"
)

// scenario drives a realistic morning of a small fleet through the real
// dos binary: runs with claims and verifies, an over-claim, a refused lane,
// a spinning run, a stalled run, a breaker, a poison label, an escalation.
func scenario(t *testing.T, h *host) (runA, runB, runC string) {
	t.Helper()
	h.commit("AUTH1: add the login endpoint", "api/login.go", "package api\n")

	runA = h.startRun("--name", "auth")
	a := h.as(runA)
	a.must(0, "intent", "declare", "--plan", "AUTH", "AUTH1", "AUTH2")
	a.must(0, "lease", "acquire", "--lane", "api", "--paths", "api/")
	a.must(0, "verify", "AUTH", "AUTH1")
	a.must(1, "intent", "claim", "--plan", "AUTH", "AUTH2") // the agent says AUTH2 is done; git says no
	a.must(1, "verify", "AUTH", "AUTH2")                    // git says it is not

	runB = h.startRun("--name", "docs", "--parent", runA)
	b := h.as(runB)
	b.must(1, "lease", "acquire", "--lane", "api-v2", "--paths", "api/v2/") // overlaps the api lane

	runC = h.startRun("--name", "spinner")
	c := h.as(runC)
	c.must(0, "lease", "acquire", "--lane", "web", "--paths", "web/")
	for i := 0; i < 3; i++ {
		c.must(0, "lease", "heartbeat")
	}
	time.Sleep(1100 * time.Millisecond)
	c.must(3, "liveness", "--spin-after", "1s", "--stall-after", "1h")
	c.must(0, "halt", "--reason", "spinning")

	runD := h.startRun("--name", "quiet")
	time.Sleep(1100 * time.Millisecond)
	h.as(runD).must(4, "liveness", "--spin-after", "1h", "--stall-after", "1s")

	a.must(3, "breaker", "--consecutive", "3", "--total", "4", "--on-trip", "human")
	a.must(3, "reward", "--claim", "--witness", "refute")
	a.must(4, "improve", "--work", "10", "--baseline-work", "12", "--suite-passed", "--truth-clean", "--consecutive-reverts", "2")
	a.must(3, "productivity", "--deltas", "900,300,100")
	a.must(0, "run", "end")
	return runA, runB, runC
}

func journalIDs(t *testing.T, dir string) map[string]*journal.Record {
	t.Helper()
	j, err := journal.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*journal.Record{}
	for r, err := range j.Records(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		out[r.ID] = r
	}
	return out
}

func TestE2E_ScenarioReachesCollectorAndEveryDashboardQuery(t *testing.T) {
	tl := getTools(t)
	h := newHost(t, tl.dos)
	runA, _, _ := scenario(t, h)
	recs := journalIDs(t, h.journal)
	if len(recs) < 20 {
		t.Fatalf("scenario wrote only %d records", len(recs))
	}

	// The views tell the operator what happened.
	if out := h.must(0, "helped"); !strings.Contains(strings.ToLower(out), "over-claim") {
		t.Errorf("helped does not mention the over-claim:\n%s", out)
	}
	if out := h.must(0, "trace", runA); !strings.Contains(out, "AUTH2") {
		t.Errorf("trace does not show the claimed step:\n%s", out)
	}
	if out := h.must(0, "decisions"); !strings.Contains(out, "HUMAN") {
		t.Errorf("decisions has no HUMAN row:\n%s", out)
	}

	// OTLP into a real Collector: every record once, with its uid, time and trace id.
	col := exportertest.StartCollector(t, 0)
	out := h.must(0, "export", "--to", "otlp", "--endpoint", col.Endpoint)
	if !strings.Contains(out, fmt.Sprintf("exported %d records", len(recs))) {
		t.Errorf("export said %q", out)
	}
	seen := map[string]int{}
	for _, l := range col.Logs(t) {
		seen[l.UID()]++
		r, ok := recs[l.UID()]
		if !ok {
			t.Fatalf("collector received uid %s the journal does not hold", l.UID())
		}
		if !l.Time.Equal(r.TS) {
			t.Errorf("uid %s: time %v, record ts %v", l.UID(), l.Time, r.TS)
		}
		if r.RunID != "" && !strings.EqualFold(l.TraceID, ulidHex(t, r.RunID)) {
			t.Errorf("uid %s: trace id %s, run %s", l.UID(), l.TraceID, r.RunID)
		}
	}
	for id := range recs {
		if seen[id] != 1 {
			t.Errorf("record %s arrived %d times", id, seen[id])
		}
	}
	if out := h.must(0, "export", "--to", "otlp", "--endpoint", col.Endpoint); !strings.Contains(out, "nothing to export") {
		t.Errorf("rerun exported again: %q", out)
	}
	if n := len(col.Logs(t)); n != len(recs) {
		t.Errorf("after a rerun the collector holds %d records, want %d", n, len(recs))
	}

	// DogStatsD into statsd_exporter, scraped by Prometheus; every PromQL
	// expression of the shipped dashboard must return data.
	se := startStatsdExporter(t, tl.statsdExporter)
	h.must(0, "export", "--to", "statsd", "--addr", se.UDP)
	checkNoSampleErrors(t, se.Metrics)
	exprs := dashboardPromQL(t)
	if tl.prometheus == "" {
		t.Logf("no prometheus on PATH: checking the dashboard's metric names and labels against statsd_exporter's /metrics instead")
		checkMetricsText(t, se.Metrics, exprs)
		return
	}
	prom := startPrometheus(t, tl.prometheus, strings.TrimSuffix(strings.TrimPrefix(se.Metrics, "http://"), "/metrics"))
	checkDashboardValues(t, prom, recs)
	if !eventually(30*time.Second, func() bool {
		r := prom.rules(t)
		return r["DosExportStale"] == "ok" && r["DosExportLagGrowing"] == "ok" && r["DosStatsdSampleErrors"] == "ok"
	}) {
		t.Errorf("Prometheus did not load and evaluate deploy/prometheus/dos-alerts.yml: %v", prom.rules(t))
	}
	for _, e := range exprs {
		q := strings.NewReplacer("$__rate_interval", "1m", "$__range", "10m").Replace(e)
		var n int
		var qerr error
		if !eventually(30*time.Second, func() bool { n, qerr = prom.query(t, q); return qerr == nil && n > 0 }) {
			t.Errorf("dashboard query returned nothing: %s (err %v)", q, qerr)
		} else {
			t.Logf("%d series: %s", n, q)
		}
	}
}

// dashboardPromQL returns every Prometheus expression in the shipped dashboard.
func dashboardPromQL(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "grafana", "dos-dashboard.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			Targets []struct {
				Datasource struct{ Type string } `json:"datasource"`
				Expr       string                `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range d.Panels {
		for _, tg := range p.Targets {
			if tg.Datasource.Type == "prometheus" {
				out = append(out, tg.Expr)
			}
		}
	}
	if len(out) < 6 {
		t.Fatalf("dashboard has only %d PromQL expressions", len(out))
	}
	return out
}

var (
	metricRe  = regexp.MustCompile(`\b(dos_[a-z_]+)(\{([^}]*)\})?`)
	matcherRe = regexp.MustCompile(`(\w+)\s*(=~|=)\s*"([^"]*)"`)
)

// checkMetricsText is the fallback without Prometheus: every metric the
// dashboard queries, with every label value it matches, is exposed.
func checkMetricsText(t *testing.T, metricsURL string, exprs []string) {
	t.Helper()
	resp, err := http.Get(metricsURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	lines := strings.Split(string(body), "\n")
	for _, e := range exprs {
		for _, m := range metricRe.FindAllStringSubmatch(e, -1) {
			found := false
			for _, l := range lines {
				if !strings.HasPrefix(l, m[1]+"{") {
					continue
				}
				ok := true
				for _, mm := range matcherRe.FindAllStringSubmatch(m[3], -1) {
					re := regexp.MustCompile(`^(` + mm[3] + `)$`)
					if mm[2] == "=" {
						re = regexp.MustCompile(`^` + regexp.QuoteMeta(mm[3]) + `$`)
					}
					v := regexp.MustCompile(mm[1] + `="([^"]*)"`).FindStringSubmatch(l)
					if v == nil || !re.MatchString(v[1]) {
						ok = false
					}
				}
				if ok {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("no series %s%s in statsd_exporter's /metrics (query %s)", m[1], m[2], e)
			}
		}
	}
}

// checkNoSampleErrors fails if statsd_exporter dropped any sample dos sent
// (an exporter before v0.31.0 drops every |T-stamped one), and if it saw
// none at all.
func checkNoSampleErrors(t *testing.T, metricsURL string) {
	t.Helper()
	var errs, samples float64
	if !eventually(10*time.Second, func() bool {
		resp, err := http.Get(metricsURL)
		if err != nil {
			return false
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		errs, samples = 0, 0
		for _, l := range strings.Split(string(body), "\n") {
			var v float64
			name, rest, _ := strings.Cut(l, " ")
			if _, err := fmt.Sscanf(rest, "%g", &v); err != nil {
				continue
			}
			switch {
			case strings.HasPrefix(name, "statsd_exporter_sample_errors_total"):
				errs += v
			case strings.HasPrefix(name, "statsd_exporter_samples_total"):
				samples += v
			}
		}
		return samples > 0
	}) {
		t.Fatalf("statsd_exporter counted no samples")
	}
	if errs != 0 {
		t.Fatalf("statsd_exporter_sample_errors_total = %v: it dropped samples dos sent", errs)
	}
	t.Logf("statsd_exporter: %v samples, 0 sample errors", samples)
}

// checkDashboardValues asserts the number each "caught" stat panel shows
// for the scenario: the count of matching records in the journal.
func checkDashboardValues(t *testing.T, prom *prometheus, recs map[string]*journal.Record) {
	t.Helper()
	panels := dashboardStats(t)
	if len(panels) != 4 {
		t.Fatalf("the dashboard has %d stat panels, want 4", len(panels))
	}
	for title, expr := range panels {
		m := regexp.MustCompile(`syscall="([^"]+)",verdict=~?"([^"]+)"`).FindStringSubmatch(expr)
		if m == nil {
			t.Fatalf("stat %q: cannot read its selector from %s", title, expr)
		}
		re := regexp.MustCompile("^(" + m[2] + ")$")
		want := 0
		for _, r := range recs {
			if r.Syscall == m[1] && re.MatchString(r.Verdict) {
				want++
			}
		}
		if want == 0 {
			t.Fatalf("stat %q: the scenario has no %s %s record to count", title, m[1], m[2])
		}
		q := strings.ReplaceAll(expr, "$__range", "10m")
		var got float64
		var ok bool
		var err error
		if !eventually(30*time.Second, func() bool { got, ok, err = prom.value(t, q); return ok && got == float64(want) }) {
			t.Errorf("stat %q shows %v (ok %v, err %v), the journal holds %d: %s", title, got, ok, err, want, q)
		} else {
			t.Logf("stat %q = %d, as the journal says", title, want)
		}
	}
}

// dashboardStats returns the PromQL of every stat panel, by title.
func dashboardStats(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "grafana", "dos-dashboard.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			Type    string `json:"type"`
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range d.Panels {
		if p.Type == "stat" && len(p.Targets) == 1 {
			out[p.Title] = p.Targets[0].Expr
		}
	}
	return out
}
