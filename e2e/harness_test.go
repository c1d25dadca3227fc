//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters/exportertest"
)

// statsdExporterVersion is the pinned statsd_exporter the tests install
// when none is on PATH.
const statsdExporterVersion = "v0.31.0"

// repoRoot is the repository root, relative to this package.
const repoRoot = ".."

// tools are the binaries the tests run, built or found once.
type tools struct {
	dos, statsdExporter, prometheus, alertmanager string
}

var toolsOnce = sync.OnceValues(func() (tools, error) {
	dir, err := os.MkdirTemp(testTmp, "bin-")
	if err != nil {
		return tools{}, err
	}
	var t tools
	t.dos = filepath.Join(dir, "dos")
	if out, err := goCmd(repoRoot, nil, "build", "-o", t.dos, "./cmd/dos"); err != nil {
		return t, fmt.Errorf("build dos: %v\n%s", err, out)
	}
	// export and notify run in the sibling dos-pipes, found beside dos.
	if out, err := goCmd(repoRoot, nil, "build", "-o", filepath.Join(dir, "dos-pipes"), "./cmd/dos-pipes"); err != nil {
		return t, fmt.Errorf("build dos-pipes: %v\n%s", err, out)
	}
	if t.statsdExporter = findTool("STATSD_EXPORTER", "statsd_exporter"); t.statsdExporter == "" {
		out, err := goCmd(repoRoot, []string{"GOBIN=" + dir}, "install", "github.com/prometheus/statsd_exporter@"+statsdExporterVersion)
		if err != nil {
			return t, fmt.Errorf("install statsd_exporter %s: %v\n%s", statsdExporterVersion, err, out)
		}
		t.statsdExporter = filepath.Join(dir, "statsd_exporter")
	}
	t.prometheus = findTool("PROMETHEUS", "prometheus")
	if t.alertmanager = findTool("ALERTMANAGER", "prometheus-alertmanager"); t.alertmanager == "" {
		t.alertmanager = findTool("ALERTMANAGER", "alertmanager")
	}
	return t, nil
})

func getTools(t *testing.T) tools {
	t.Helper()
	tl, err := toolsOnce()
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func findTool(envVar, name string) string {
	if p := os.Getenv(envVar); p != "" {
		return p
	}
	p, _ := exec.LookPath(name)
	return p
}

func goCmd(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// host is one machine's dos: a workspace (a git repository) and its journal.
type host struct {
	t       *testing.T
	dos     string
	ws      string
	journal string
	env     []string // DOS_RUN_ID and friends, on top of the basics
}

func newHost(t *testing.T, dos string) *host {
	t.Helper()
	ws := t.TempDir()
	h := &host{t: t, dos: dos, ws: ws, journal: filepath.Join(ws, ".dos", "journal")}
	h.git("init", "-q", "-b", "main")
	h.git("config", "user.email", "agent@example.com")
	h.git("config", "user.name", "Agent")
	h.commit("chore: initial", "README.md", "hello\n")
	return h
}

func (h *host) git(args ...string) string {
	h.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = h.ws
	out, err := cmd.CombinedOutput()
	if err != nil {
		h.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes a file and commits it with the given subject.
func (h *host) commit(subject, file, content string) {
	h.t.Helper()
	p := filepath.Join(h.ws, file)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
	h.git("add", "-A")
	h.git("commit", "-q", "-m", subject)
}

// run executes dos in the workspace and returns stdout and the exit code.
func (h *host) run(extraEnv []string, args ...string) (string, int) {
	h.t.Helper()
	cmd := exec.Command(h.dos, args...)
	cmd.Dir = h.ws
	cmd.Env = append(append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "DOS_WORKSPACE=" + h.ws, "NO_COLOR=1"}, h.env...), extraEnv...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		h.t.Fatalf("dos %v: %v", args, err)
	}
	if errb.Len() > 0 {
		h.t.Logf("dos %s: stderr: %s", strings.Join(args, " "), strings.TrimSpace(errb.String()))
	}
	return out.String(), code
}

// must runs dos and fails the test unless it exits with want.
func (h *host) must(want int, args ...string) string {
	h.t.Helper()
	out, code := h.run(nil, args...)
	if code != want {
		h.t.Fatalf("dos %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

// startRun starts a run and returns its id, parsed from `export DOS_RUN_ID=…`.
func (h *host) startRun(args ...string) string {
	h.t.Helper()
	out := h.must(0, append([]string{"run", "start"}, args...)...)
	_, id, ok := strings.Cut(strings.TrimSpace(out), "export DOS_RUN_ID=")
	if !ok || len(id) != 26 {
		h.t.Fatalf("run start printed %q", out)
	}
	return id
}

// as runs the next commands as run id.
func (h *host) as(runID string) *host {
	c := *h
	c.env = append(append([]string(nil), h.env...), "DOS_RUN_ID="+runID)
	return &c
}

// statsdExporter is a running statsd_exporter with the deploy mapping.
type statsdExporter struct {
	UDP     string // host:port it receives DogStatsD on
	Metrics string // its /metrics URL
}

func startStatsdExporter(t *testing.T, bin string) *statsdExporter {
	t.Helper()
	udp := freeUDP(t)
	web := fmt.Sprintf("127.0.0.1:%d", exportertest.FreePort(t))
	mapping, _ := filepath.Abs(filepath.Join(repoRoot, "deploy", "statsd", "mapping.yml"))
	startDaemon(t, bin, "--statsd.listen-udp="+udp, "--statsd.listen-tcp=", "--web.listen-address="+web,
		"--statsd.mapping-config="+mapping)
	s := &statsdExporter{UDP: udp, Metrics: "http://" + web + "/metrics"}
	waitHTTP(t, s.Metrics)
	return s
}

// prometheus is a running Prometheus scraping statsd_exporter every second.
type prometheus struct{ URL string }

func startPrometheus(t *testing.T, bin, target string) *prometheus {
	t.Helper()
	dir := t.TempDir()
	rules, _ := filepath.Abs(filepath.Join(repoRoot, "deploy", "prometheus", "dos-alerts.yml"))
	cfg := fmt.Sprintf("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - %q\nscrape_configs:\n  - job_name: statsd\n    static_configs:\n      - targets: [%q]\n", rules, target)
	os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o644)
	addr := fmt.Sprintf("127.0.0.1:%d", exportertest.FreePort(t))
	startDaemon(t, bin, "--config.file="+filepath.Join(dir, "prometheus.yml"), "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr)
	p := &prometheus{URL: "http://" + addr}
	waitHTTP(t, p.URL+"/-/ready")
	return p
}

// query runs an instant PromQL query and returns how many series it returned.
func (p *prometheus) query(t *testing.T, expr string) (int, error) {
	t.Helper()
	resp, err := http.Get(p.URL + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var r struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []json.RawMessage `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return 0, err
	}
	if r.Status != "success" {
		return 0, fmt.Errorf("query %s: %s", expr, r.Error)
	}
	return len(r.Data.Result), nil
}

// value runs an instant PromQL query that returns one sample and gives its
// value (ok false when it returned none).
func (p *prometheus) value(t *testing.T, expr string) (v float64, ok bool, err error) {
	t.Helper()
	resp, err := http.Get(p.URL + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	var r struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return 0, false, err
	}
	if r.Status != "success" {
		return 0, false, fmt.Errorf("query %s: %s", expr, r.Error)
	}
	if len(r.Data.Result) != 1 {
		return 0, false, nil
	}
	s, _ := r.Data.Result[0].Value[1].(string)
	_, err = fmt.Sscanf(s, "%g", &v)
	return v, err == nil, err
}

// rules returns the alerting rules Prometheus loaded, by name, with their
// health ("ok" once evaluated without error).
func (p *prometheus) rules(t *testing.T) map[string]string {
	t.Helper()
	resp, err := http.Get(p.URL + "/api/v1/rules?type=alert")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data struct {
			Groups []struct {
				Rules []struct {
					Name   string `json:"name"`
					Health string `json:"health"`
				} `json:"rules"`
			} `json:"groups"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, g := range r.Data.Groups {
		for _, rl := range g.Rules {
			out[rl.Name] = rl.Health
		}
	}
	return out
}

// startDaemon starts a long-running peer, stopped when the test ends.
func startDaemon(t *testing.T, bin string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, args...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s output:\n%s", filepath.Base(bin), log.String())
		}
	})
}

// waitHTTP waits (at most 60s) until url answers 200.
func waitHTTP(t *testing.T, u string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not answer within 60s", u)
}

func freeUDP(t *testing.T) string {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().String()
}

// eventually polls cond every 250ms until it holds or d passes.
func eventually(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(250 * time.Millisecond)
	}
}
