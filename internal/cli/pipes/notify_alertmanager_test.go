package pipes

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/notifiers"
)

// refusedLane writes a journal where run B was refused lane api (a
// decision), and returns a func that ends run B (which resolves it).
func refusedLane(t *testing.T, now time.Time) (dir string, end func()) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "journal")
	clock := now.Add(-time.Hour)
	w := journal.NewWriter(dir, journal.Options{Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
	const a, b = "01JD6Z3Y8T0000000000000A01", "01JD6Z3Y8T0000000000000B01"
	ctx := context.Background()
	for _, r := range []journal.Record{
		{Kind: journal.KindRun, Syscall: "run.start", RunID: a, Source: "cli"},
		{Kind: journal.KindRun, Syscall: "run.start", RunID: b, Source: "cli"},
		{Kind: journal.KindLease, Syscall: "lease.acquire", Verdict: "GRANTED", RunID: a, Lane: "api", Source: "cli",
			Detail: journal.MustDetail(map[string]any{"paths": []string{"api/"}})},
		{Kind: journal.KindLease, Syscall: "lease.acquire", Verdict: "REFUSED", RunID: b, Lane: "api", Source: "cli",
			Detail: journal.MustDetail(map[string]any{"paths": []string{"api/"}, "holder": a})},
	} {
		if _, err := w.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	return dir, func() {
		w := journal.NewWriter(dir, journal.Options{Now: func() time.Time { return now.Add(-time.Minute) }})
		defer w.Close()
		if _, err := w.Append(ctx, journal.Record{Kind: journal.KindRun, Syscall: "run.end", RunID: b, Source: "cli"}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNotifyAlertmanager_ADecisionFiresThenResolvesWithTheSameLabels(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, notifyNow)
	j, endRun := refusedLane(t, now)
	var mu sync.Mutex
	var posts [][]notifiers.Alert
	am := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var alerts []notifiers.Alert
		if r.Method != http.MethodPost || r.URL.Path != "/api/v2/alerts" || r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(b, &alerts) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		mu.Lock()
		posts = append(posts, alerts)
		mu.Unlock()
	}))
	t.Cleanup(am.Close)
	run := func() result {
		return dos(t, nil, "notify", "decisions", "--notifier", "alertmanager", "--url", am.URL, "--journal", j, "--now", notifyNow)
	}
	if r := run(); r.code != 0 || !strings.Contains(r.stdout, "alertmanager:default: sent 1 decision") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(); r.code != 0 || !strings.Contains(r.stdout, "nothing new") {
		t.Fatalf("second run: exit %d %s", r.code, r.stdout)
	}
	endRun()
	if r := run(); r.code != 0 || !strings.Contains(r.stdout, "1 resolved") {
		t.Fatalf("after the run ended: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mu.Lock() // the handler's goroutine wrote them
	defer mu.Unlock()
	if len(posts) != 2 || len(posts[0]) != 1 || len(posts[1]) != 1 {
		t.Fatalf("posts %+v, want one firing alert then one resolution", posts)
	}
	fire, res := posts[0][0], posts[1][0]
	want := map[string]string{"alertname": "DosDecision", "kind": "lane-refused", "resolver": "HUMAN", "lane": "api", "run_id": "01JD6Z3Y8T0000000000000B01"}
	for k, v := range want {
		if fire.Labels[k] != v {
			t.Errorf("label %s = %q, want %q (labels %v)", k, fire.Labels[k], v, fire.Labels)
		}
	}
	if fire.Labels["urgency"] == "" || fire.Labels["decision_id"] == "" || fire.Annotations["title"] == "" || fire.Annotations["command"] == "" {
		t.Errorf("firing alert %+v lacks urgency, decision_id, title or command", fire)
	}
	if !fire.EndsAt.After(now.Add(4*time.Hour)) || fire.StartsAt.After(now) {
		t.Errorf("firing alert startsAt %v endsAt %v: it must hold past the repeat interval", fire.StartsAt, fire.EndsAt)
	}
	if len(res.Labels) != len(fire.Labels) {
		t.Errorf("resolution labels %v differ from the alert's %v: Alertmanager would see another alert", res.Labels, fire.Labels)
	}
	for k, v := range fire.Labels {
		if res.Labels[k] != v {
			t.Errorf("resolution label %s = %q, the alert had %q", k, res.Labels[k], v)
		}
	}
	if !res.EndsAt.Equal(now) {
		t.Errorf("resolution endsAt %v, want the run's time %v", res.EndsAt, now)
	}
	if r := dos(t, nil, "notify", "top", "--notifier", "alertmanager", "--url", am.URL, "--journal", j); r.code != 2 {
		t.Errorf("notify top --notifier alertmanager: exit %d, want 2", r.code)
	}
}

func TestNotifySlack_AResolutionIsThreadedUnderTheMessageThatAnnouncedIt(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, notifyNow)
	j, endRun := refusedLane(t, now)
	type posted struct{ channel, ts, threadTS, text string }
	var mu sync.Mutex
	var msgs []posted
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/chat.postMessage" || r.ParseForm() != nil {
			http.Error(w, "unexpected", http.StatusNotFound)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		m := posted{channel: r.Form.Get("channel"), ts: fmt.Sprintf("1795000000.%06d", len(msgs)+1), threadTS: r.Form.Get("thread_ts"), text: r.Form.Get("text")}
		msgs = append(msgs, m)
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": m.channel, "ts": m.ts})
	}))
	t.Cleanup(api.Close)
	e := map[string]string{"SLACK_BOT_TOKEN": notifySecrets["SLACK_BOT_TOKEN"]}
	args := []string{"notify", "decisions", "--notifier", "slack", "--channel", "C0OPS", "--slack-api-url", api.URL + "/", "--journal", j, "--now", notifyNow}
	if r := dos(t, e, args...); r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	endRun()
	if r := dos(t, e, args...); r.code != 0 || !strings.Contains(r.stdout, "1 resolved") {
		t.Fatalf("resolution: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(msgs) != 2 {
		t.Fatalf("%d messages posted, want the announcement and one reply: %+v", len(msgs), msgs)
	}
	if msgs[0].threadTS != "" || msgs[1].threadTS != msgs[0].ts || msgs[1].channel != msgs[0].channel || !strings.Contains(msgs[1].text, "resolved") {
		t.Fatalf("the resolution %+v is not in the thread of the announcement %+v", msgs[1], msgs[0])
	}
}
