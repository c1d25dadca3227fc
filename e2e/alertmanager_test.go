//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters/exportertest"
)

// amWebhook is Alertmanager's receiver: what Alertmanager itself notified.
type amWebhook struct {
	mu     sync.Mutex
	events []struct {
		Status string
		Kinds  []string
	}
}

func (w *amWebhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	var p struct {
		Status string `json:"status"`
		Alerts []struct {
			Labels map[string]string `json:"labels"`
		} `json:"alerts"`
	}
	json.NewDecoder(r.Body).Decode(&p)
	w.mu.Lock()
	defer w.mu.Unlock()
	ev := struct {
		Status string
		Kinds  []string
	}{Status: p.Status}
	for _, a := range p.Alerts {
		ev.Kinds = append(ev.Kinds, a.Labels["kind"])
	}
	w.events = append(w.events, ev)
}

func (w *amWebhook) saw(status, kind string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range w.events {
		for _, k := range e.Kinds {
			if e.Status == status && k == kind {
				return true
			}
		}
	}
	return false
}

// startAlertmanager runs Debian's prometheus-alertmanager on loopback,
// routing every alert alone to hook, resolutions included.
func startAlertmanager(t *testing.T, bin, hook string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := fmt.Sprintf(`route:
  receiver: hook
  group_by: ['...']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: %q
        send_resolved: true
`, hook)
	os.WriteFile(filepath.Join(dir, "alertmanager.yml"), []byte(cfg), 0o644)
	addr := fmt.Sprintf("127.0.0.1:%d", exportertest.FreePort(t))
	startDaemon(t, bin, "--config.file="+filepath.Join(dir, "alertmanager.yml"), "--storage.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--cluster.listen-address=")
	u := "http://" + addr
	waitHTTP(t, u+"/-/ready")
	return u
}

// activeKinds lists the kind label of every active alert Alertmanager holds.
func activeKinds(t *testing.T, am string) map[string]bool {
	t.Helper()
	resp, err := http.Get(am + "/api/v2/alerts?active=true&silenced=false&inhibited=false")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var alerts []struct {
		Labels map[string]string `json:"labels"`
		Status struct {
			State string `json:"state"`
		} `json:"status"`
	}
	json.Unmarshal(b, &alerts)
	out := map[string]bool{}
	for _, a := range alerts {
		if a.Status.State == "active" && a.Labels["alertname"] == "DosDecision" {
			out[a.Labels["kind"]] = true
		}
	}
	return out
}

// TestE2E_AlertmanagerReceivesAndResolvesOneAlert: a refused lane is a
// decision; `dos notify decisions --notifier alertmanager` makes it an
// alert a real Alertmanager routes to its receiver, and once the refused
// run ends the next notify resolves it there.
func TestE2E_AlertmanagerReceivesAndResolvesOneAlert(t *testing.T) {
	tl := getTools(t)
	if tl.alertmanager == "" {
		t.Skip("no prometheus-alertmanager on PATH (Debian: apt-get install prometheus-alertmanager; .ci/run installs it)")
	}
	hook := &amWebhook{}
	recv := httptest.NewServer(hook)
	t.Cleanup(recv.Close)
	am := startAlertmanager(t, tl.alertmanager, recv.URL)

	h := newHost(t, tl.dos)
	a, b := h.startRun("--name", "holder"), h.startRun("--name", "refused")
	h.as(a).must(0, "lease", "acquire", "--lane", "api", "--paths", "api/")
	h.as(b).must(1, "lease", "acquire", "--lane", "api-v2", "--paths", "api/v2/")
	out := h.must(0, "notify", "decisions", "--notifier", "alertmanager", "--url", am)
	t.Logf("notify: %s", out)
	if !eventually(30*time.Second, func() bool { return activeKinds(t, am)["lane-refused"] && hook.saw("firing", "lane-refused") }) {
		t.Fatalf("Alertmanager holds %v and notified %+v; want a firing lane-refused alert", activeKinds(t, am), hook.events)
	}
	h.as(b).must(0, "run", "end")
	out = h.must(0, "notify", "decisions", "--notifier", "alertmanager", "--url", am)
	t.Logf("notify: %s", out)
	if !eventually(30*time.Second, func() bool { return !activeKinds(t, am)["lane-refused"] && hook.saw("resolved", "lane-refused") }) {
		t.Fatalf("after the run ended Alertmanager holds %v and notified %+v; want lane-refused resolved", activeKinds(t, am), hook.events)
	}
}
