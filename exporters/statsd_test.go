package exporters

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/exporters/exportertest"
	"github.com/dos-go/dos/vocab"
)

func TestStatsd_EveryDatagramOnARealUDPSocket(t *testing.T) {
	dir := fixture(t, "basic")
	peer := exportertest.ListenStatsd(t)
	now := time.Now()
	exp, err := newStatsd(Settings{Addr: peer.Addr, Cursor: "statsd", StatsdTimestamps: "on", Now: func() time.Time { return now },
		Hostname: func() (string, error) { return "build-7", nil }})
	if err != nil {
		t.Fatal(err)
	}
	if exp.Acknowledged() || exp.Destination() != "statsd udp "+peer.Addr {
		t.Fatalf("destination %q acknowledged %v", exp.Destination(), exp.Acknowledged())
	}
	o := fileOpts(dir, "statsd")
	o.Batch = 4
	res, err := Drain(context.Background(), exp, o)
	if err != nil || res.Exported != 11 || res.CursorSeq != 11 {
		t.Fatalf("%+v %v", res, err)
	}
	got := peer.Lines(50 * time.Millisecond)

	// The wire carries exactly what --dry-run renders, batch by batch.
	var want bytes.Buffer
	recs := records(t, dir)
	for i := 0; i < len(recs); i += 4 {
		end := min(i+4, len(recs))
		exp.Render(&want, Batch{Records: recs[i:end], Lag: uint64(len(recs) - end)})
	}
	if strings.Join(got, "\n")+"\n" != want.String() {
		t.Fatalf("datagrams differ from the rendering:\n%s\n---\n%s", strings.Join(got, "\n"), want.String())
	}
	var counted int64
	gauges := 0
	for _, l := range got {
		s, ok := exportertest.ParseDogStatsD(l)
		if !ok {
			t.Fatalf("unparseable datagram line %q", l)
		}
		switch s.Name {
		case MetricVerdicts:
			counted += s.Value
			if s.TS == 0 {
				t.Fatalf("a days-old record was sent without its timestamp: %q", l)
			}
			if len(s.Tags) != 4 || !strings.HasPrefix(s.Tags[0], "syscall:") || !strings.HasPrefix(s.Tags[1], "verdict:") ||
				s.Tags[2] != "class:"+string(vocab.ClassOf(strings.TrimPrefix(strings.TrimPrefix(s.Tags[1], "verdict:"), "none"))) || !strings.HasPrefix(s.Tags[3], "kind:") {
				t.Fatalf("tags %v", s.Tags)
			}
		case MetricLag:
			gauges++
			if s.Type != "g" || len(s.Tags) != 2 || s.Tags[0] != "cursor:statsd" || s.Tags[1] != "host:build-7" {
				t.Fatalf("lag gauge %q", l)
			}
		case MetricLastSuccess:
			if s.Type != "g" || s.Value != now.Unix() || strings.Join(s.Tags, ",") != "cursor:statsd,host:build-7" {
				t.Fatalf("last-success gauge %q", l)
			}
		default:
			t.Fatalf("unexpected metric %q", l)
		}
		if strings.Contains(l, "01JD6Z3Y8T") {
			t.Fatalf("a run id reached a tag: %q", l)
		}
	}
	if counted != 11 || gauges != 3 {
		t.Fatalf("counted %d records in %d gauges' batches", counted, gauges)
	}
}

func TestStatsdAddr_FlagThenEnvironment(t *testing.T) {
	for _, c := range []struct {
		flag    string
		env     map[string]string
		addr    string
		display string
	}{
		{"", nil, "localhost:8125", "udp localhost:8125"},
		{"10.0.0.1:9125", map[string]string{"DD_AGENT_HOST": "x"}, "10.0.0.1:9125", "udp 10.0.0.1:9125"},
		{"udp://10.0.0.1", nil, "10.0.0.1:8125", "udp 10.0.0.1:8125"},
		{"", map[string]string{"DD_DOGSTATSD_URL": "unix:///var/run/dsd.socket", "DD_AGENT_HOST": "x"}, "unix:///var/run/dsd.socket", "unix /var/run/dsd.socket"},
		{"", map[string]string{"DD_DOGSTATSD_URL": "udp://agent:8126"}, "agent:8126", "udp agent:8126"},
		{"", map[string]string{"DD_AGENT_HOST": "agent", "DD_DOGSTATSD_PORT": "9000"}, "agent:9000", "udp agent:9000"},
		{"", map[string]string{"DD_AGENT_HOST": "agent"}, "agent:8125", "udp agent:8125"},
	} {
		addr, display, err := StatsdAddr(c.flag, func(k string) string { return c.env[k] })
		if err != nil || addr != c.addr || display != c.display {
			t.Errorf("StatsdAddr(%q, %v) = %q, %q, %v", c.flag, c.env, addr, display, err)
		}
	}
	for _, bad := range []string{"http://agent:8125", "unix://"} {
		if _, _, err := StatsdAddr(bad, func(string) string { return "" }); !IsConfig(err) {
			t.Errorf("StatsdAddr(%q) = %v, want a config error", bad, err)
		}
	}
}

func TestOTLPEndpoint_FlagThenEnvironmentAlwaysV1Logs(t *testing.T) {
	for _, c := range []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"", nil, "http://localhost:4318/v1/logs"},
		{"http://127.0.0.1:4318", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://x"}, "http://127.0.0.1:4318/v1/logs"},
		{"http://127.0.0.1:4318/", nil, "http://127.0.0.1:4318/v1/logs"},
		{"https://otel.example/v1/logs", nil, "https://otel.example/v1/logs"},
		{"", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://gw:4318/otlp"}, "http://gw:4318/otlp/v1/logs"},
		{"", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://gw", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "http://logs:9/custom"}, "http://logs:9/custom"},
		{"http://user:pw@gw:4318", nil, "http://gw:4318/v1/logs"},
	} {
		u, err := OTLPEndpoint(c.flag, func(k string) string { return c.env[k] })
		if err != nil || u.String() != c.want {
			t.Errorf("OTLPEndpoint(%q, %v) = %v, %v; want %s", c.flag, c.env, u, err, c.want)
		}
	}
	if _, err := OTLPEndpoint("grpc://x:4317", func(string) string { return "" }); !IsConfig(err) {
		t.Errorf("a non-HTTP endpoint: %v", err)
	}
}

func TestOTLPHeaders_ErrorsNeverQuoteValues(t *testing.T) {
	_, err := OTLPHeaders(func(k string) string {
		if k == "OTEL_EXPORTER_OTLP_HEADERS" {
			return "authorization=Bearer%zzs3cret"
		}
		return ""
	})
	if !IsConfig(err) || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "authorization") {
		t.Fatalf("err = %v", err)
	}
}
