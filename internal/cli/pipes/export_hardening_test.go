package pipes

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters"
	"github.com/dos-go/dos/exporters/exportertest"
	"github.com/dos-go/dos/journal"
)

func TestExport_BatchIsBoundedAndAHugeOneIsAUsageError(t *testing.T) {
	j := fixture(t, "basic")
	for _, b := range []string{"9223372036854775807", "100000000000", "100001", "-1"} {
		r := dos(t, nil, "--journal", j, "export", "--to", "null", "--batch", b)
		if r.code != 2 || !strings.Contains(r.stderr, "give 1 to 100000 records per request") || r.stdout != "" {
			t.Fatalf("--batch %s: exit %d\n%s%s", b, r.code, r.stdout, r.stderr)
		}
	}
	if r := dos(t, nil, "--journal", j, "export", "--to", "null", "--batch", "100000"); r.code != 0 {
		t.Fatalf("--batch 100000: exit %d %s", r.code, r.stderr)
	}
	if _, err := exporters.Drain(context.Background(), nullExporter(t), exporters.Options{Journal: j, Cursor: "x", Batch: 1 << 40}); !exporters.IsConfig(err) {
		t.Fatalf("Drain with a huge batch: %v, want a configuration error", err)
	}
}

func nullExporter(t *testing.T) exporters.Exporter {
	e, err := exporters.Drivers().New("null", exporters.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestExport_ACorruptTailDeliversWhatPrecedesItAndSaysWhere(t *testing.T) {
	j := exportJournal(t, 30)
	if r := dos(t, nil, "--journal", j, "export", "--to", "null"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	appendExportRecords(t, j, 10)
	segs, _ := filepath.Glob(filepath.Join(j, "*.jsonl"))
	f, err := os.OpenFile(segs[len(segs)-1], os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("{\"v\":1,\"seq\":41,\"garbage\n")
	f.Close()
	r := dos(t, nil, "--journal", j, "export", "--to", "null")
	if r.code != 1 || !strings.Contains(r.stdout, "exported 10 records (seq 31..40) to null; cursor null at 40") ||
		!strings.Contains(r.stderr, "corrupt line in 00000000000000000001.jsonl at byte") || !strings.Contains(r.stderr, "after seq 40") {
		t.Fatalf("exit %d, want 1 after delivering 31..40 and naming the bad line\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestExport_DeliveredButTheCursorCouldNotBeSavedIsExit1(t *testing.T) {
	j := fixture(t, "basic")
	var once sync.Once
	srv, _ := counting(t, func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { // the collector takes the batch; meanwhile the cursor directory becomes unwritable
			os.RemoveAll(filepath.Join(j, "cursors"))
			os.WriteFile(filepath.Join(j, "cursors"), []byte("not a directory\n"), 0o644)
		})
	})
	r := dos(t, nil, "--journal", j, "export", "--to", "otlp", "--endpoint", srv.URL)
	if r.code != 1 || !strings.Contains(r.stderr, "delivered 11 records, but the cursor could not be saved") {
		t.Fatalf("exit %d, want 1 saying the records went and the cursor did not\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestExport_AFirstRunThatNeverDeliveredStillHasACursor(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "journal")
	w := journal.NewWriter(dir, journal.Options{SegmentSize: 4 << 10})
	batch := make([]journal.Record, 60)
	for i := range batch {
		batch[i] = journal.Record{Kind: journal.KindVerdict, Syscall: "verify", Verdict: "SHIPPED", Subject: "AUTH1", Source: "cli",
			Detail: journal.MustDetail(map[string]any{"commits_scanned": i})}
	}
	for i := 0; i < 5; i++ {
		if _, err := w.AppendBatch(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	down := "http://" + l.Addr().String()
	l.Close()
	r := dos(t, nil, "--journal", dir, "export", "--to", "otlp", "--endpoint", down, "--timeout", "300ms")
	if r.code != 1 {
		t.Fatalf("down: exit %d %s", r.code, r.stderr)
	}
	st := dos(t, nil, "--journal", dir, "--json", "export", "status")
	var rep exporters.StatusReport
	if err := json.Unmarshal([]byte(st.stdout), &rep); err != nil || len(rep.Cursors) != 1 {
		t.Fatalf("status: %v\n%s%s", err, st.stdout, st.stderr)
	}
	if c := rep.Cursors[0]; c.Name != "otlp" || c.Seq != 0 || c.LagRecords != 300 || !c.LastSuccess.IsZero() || !strings.HasPrefix(c.Destination, "otlp "+down) {
		t.Fatalf("status of a destination that never took a record: %+v", c)
	}
	res, err := journal.Prune(context.Background(), dir, journal.PruneOptions{KeepSegments: 1, DryRun: true})
	if err != nil || len(res.Deleted) != 0 || res.HeldBy != "otlp" {
		t.Fatalf("prune would delete %d segments (held by %q): %v", len(res.Deleted), res.HeldBy, err)
	}
}

func TestExport_LooseEnds(t *testing.T) {
	t.Run("temp files of killed runs are cleaned, others' are not", func(t *testing.T) {
		j := fixture(t, "basic")
		os.MkdirAll(filepath.Join(j, "cursors"), 0o755)
		mine, theirs := filepath.Join(j, "cursors", ".tmp-null.json-123"), filepath.Join(j, "cursors", ".tmp-other.json-456")
		os.WriteFile(mine, []byte("{"), 0o644)
		os.WriteFile(theirs, []byte("{"), 0o644)
		if r := dos(t, nil, "--journal", j, "export", "--to", "null"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		if _, err := os.Stat(mine); !os.IsNotExist(err) {
			t.Fatalf("%s survived the next run: %v", mine, err)
		}
		if _, err := os.Stat(theirs); err != nil {
			t.Fatalf("another cursor's temp file was removed: %v", err)
		}
	})
	t.Run("a non-UTF-8 --path is refused up front", func(t *testing.T) {
		j := fixture(t, "basic")
		r := dos(t, nil, "--journal", j, "export", "--to", "file", "--path", filepath.Join(t.TempDir(), "out-\xff.jsonl"))
		if r.code != 2 || !strings.Contains(r.stderr, "not valid UTF-8") {
			t.Fatalf("exit %d %s", r.code, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(j, "cursors", "file.json")); !os.IsNotExist(err) {
			t.Fatalf("a cursor was written: %v", err)
		}
	})
	t.Run("symbolic links inside the journal directory are refused", func(t *testing.T) {
		elsewhere := t.TempDir()
		secret := filepath.Join(elsewhere, "secret.json")
		os.WriteFile(secret, []byte(`{"v":1,"seq":5,"id":"hunter2-SECRET-CONTENT","destination":"null"}`+"\n"), 0o600)
		for _, c := range []struct {
			name string
			link func(j string) string // makes the link, returns where it points
		}{
			{"cursors/", func(j string) string { os.Symlink(elsewhere, filepath.Join(j, "cursors")); return elsewhere }},
			{"a cursor file", func(j string) string {
				os.MkdirAll(filepath.Join(j, "cursors"), 0o755)
				os.Symlink(secret, filepath.Join(j, "cursors", "null.json"))
				return secret
			}},
			{"a cursor lock", func(j string) string {
				os.MkdirAll(filepath.Join(j, "cursors"), 0o755)
				target := filepath.Join(elsewhere, "created-through-a-link")
				os.Symlink(target, filepath.Join(j, "cursors", "null.lock"))
				return target
			}},
		} {
			j := fixture(t, "basic")
			target := c.link(j)
			r := dos(t, nil, "--journal", j, "export", "--to", "null")
			if r.code != 2 || !strings.Contains(r.stderr, "is a symbolic link") || strings.Contains(r.stderr, "SECRET") {
				t.Fatalf("%s: exit %d, want 2 refusing the link without quoting its target\n%s%s", c.name, r.code, r.stdout, r.stderr)
			}
			if ents, _ := os.ReadDir(elsewhere); len(ents) != 1 {
				t.Fatalf("%s: the link was followed: %s holds %d entries (target %s)", c.name, elsewhere, len(ents), target)
			}
		}
	})
	t.Run("a down backend is one line naming the destination once", func(t *testing.T) {
		j := fixture(t, "basic")
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		down := "http://" + l.Addr().String()
		l.Close()
		r := dos(t, nil, "--journal", j, "export", "--to", "otlp", "--endpoint", down, "--timeout", "2s", "--batch", "4")
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || strings.Count(r.stderr, l.Addr().String()) > 1 || !strings.Contains(r.stderr, "still failing after") {
			t.Fatalf("exit %d, want 1 with one give-up line naming %s once:\n%s", r.code, down, r.stderr)
		}
		if v := dos(t, nil, "--journal", j, "export", "--to", "otlp", "--endpoint", down, "--timeout", "2s", "--verbose"); strings.Count(v.stderr, "retrying in") < 1 {
			t.Fatalf("--verbose shows no retries:\n%s", v.stderr)
		}
	})
}

func TestExportStatsd_TimestampsOnlyForADatadogAgentAndGaugesPerHost(t *testing.T) {
	for _, c := range []struct {
		name    string
		env     func(addr string) map[string]string
		args    []string
		stamped bool
		code    int
	}{
		{"--addr (statsd_exporter): no timestamps", nil, nil, false, 0},
		{"DD_AGENT_HOST (a Datadog Agent): timestamps", func(addr string) map[string]string {
			h, p, _ := net.SplitHostPort(addr)
			return map[string]string{"DD_AGENT_HOST": h, "DD_DOGSTATSD_PORT": p}
		}, nil, true, 0},
		{"DD_DOGSTATSD_URL: timestamps", func(addr string) map[string]string { return map[string]string{"DD_DOGSTATSD_URL": "udp://" + addr} }, nil, true, 0},
		{"on", nil, []string{"--statsd-timestamps", "on"}, true, 0},
		{"off beats the agent", func(addr string) map[string]string { return map[string]string{"DD_DOGSTATSD_URL": "udp://" + addr} },
			[]string{"--statsd-timestamps", "off"}, false, 0},
		{"anything else is a usage error", nil, []string{"--statsd-timestamps", "sometimes"}, false, 2},
		{"an impossible port is a usage error", nil, []string{"--addr", "127.0.0.1:70000"}, false, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := fixture(t, "basic") // records from 2026-11: older than any flush interval
			peer := exportertest.ListenStatsd(t)
			var env map[string]string
			args := append([]string{"--journal", j, "export", "--to", "statsd"}, c.args...)
			if c.env != nil {
				env = c.env(peer.Addr)
			} else if !strings.Contains(strings.Join(c.args, " "), "--addr") {
				args = append(args, "--addr", peer.Addr)
			}
			r := dos(t, env, args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, c.code, r.stdout, r.stderr)
			}
			if c.code != 0 {
				return
			}
			lines := peer.Lines(50 * time.Millisecond)
			host, _ := os.Hostname()
			stamped, gauges := 0, 0
			for _, l := range lines {
				s, ok := exportertest.ParseDogStatsD(l)
				if !ok {
					t.Fatalf("unparseable %q", l)
				}
				if s.TS != 0 {
					stamped++
				}
				if s.Name == exporters.MetricLag || s.Name == exporters.MetricLastSuccess {
					gauges++
					if !strings.Contains(l, "host:"+host) {
						t.Fatalf("gauge without the host tag: %q", l)
					}
				}
			}
			if (stamped > 0) != c.stamped || gauges != 2 {
				t.Fatalf("%d of %d samples stamped (want stamped=%v), %d export gauges:\n%s", stamped, len(lines), c.stamped, gauges, strings.Join(lines, "\n"))
			}
		})
	}
}

func TestExportStatsd_ARunWithNothingToSendStillRefreshesTheExportGauges(t *testing.T) {
	j := fixture(t, "basic")
	peer := exportertest.ListenStatsd(t)
	args := []string{"--journal", j, "export", "--to", "statsd", "--addr", peer.Addr}
	if r := dos(t, nil, args...); r.code != 0 {
		t.Fatal(r.stderr)
	}
	first := len(peer.Lines(50 * time.Millisecond))
	if r := dos(t, nil, args...); r.code != 0 || !strings.Contains(r.stdout, "nothing to export") {
		t.Fatalf("exit %d %s", r.code, r.stdout)
	}
	lines := peer.Lines(50 * time.Millisecond)[first:]
	if len(lines) != 2 || !strings.HasPrefix(lines[0], exporters.MetricLag+":0|g|") || !strings.HasPrefix(lines[1], exporters.MetricLastSuccess+":") {
		t.Fatalf("an idle run sent %q, want the two export gauges (or the stale-export alert fires on a quiet host)", lines)
	}
}
