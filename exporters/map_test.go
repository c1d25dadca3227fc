package exporters

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/dos-go/dos/vocab"
	"github.com/oklog/ulid/v2"
	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	collogpb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	"google.golang.org/protobuf/proto"
)

func TestFileLines_AreTheJournalLinesByteForByte(t *testing.T) {
	dir := fixture(t, "basic")
	want, err := os.ReadFile(filepath.Join(dir, "00000000000000000001.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if got := FileLines(nil, records(t, dir)); !bytes.Equal(got, want) {
		t.Fatalf("file lines differ from the journal:\n%s\n---\n%s", got, want)
	}
}

func TestStatsdPoints_Golden(t *testing.T) {
	recs := records(t, fixture(t, "basic"))
	last := recs[len(recs)-1].TS
	var b strings.Builder
	for _, c := range []struct {
		name    string
		now     time.Time
		tagLane bool
		stamp   bool
	}{
		{"an hour later, to a Datadog Agent: every count carries its own second", last.Add(time.Hour), false, true},
		{"an hour later, timestamps off (statsd_exporter): the receiver stamps them", last.Add(time.Hour), false, false},
		{"as they happen: the agent stamps them", last.Add(time.Second), true, true},
	} {
		b.WriteString("# " + c.name + "\n")
		for _, p := range StatsdPoints(Batch{Records: recs, Lag: 42}, c.now, StatsdOptions{Cursor: "statsd", Host: "build-7", TagLane: c.tagLane, Timestamps: c.stamp}) {
			b.WriteString(p.Line() + "\n")
		}
	}
	golden(t, "statsd-points.txt", b.String())
}

func TestStatsdPoints_NeverTagRunIDsAndCountEveryRecord(t *testing.T) {
	recs := records(t, fixture(t, "basic"))
	var total int64
	for _, p := range StatsdPoints(Batch{Records: recs}, time.Now(), StatsdOptions{Cursor: "c", TagLane: true, Timestamps: true}) {
		for _, tag := range p.Tags {
			if strings.Contains(tag, "01JD6Z3Y8T") {
				t.Fatalf("run id in tag %q", tag)
			}
		}
		if p.Name == MetricVerdicts {
			total += p.Value
		}
	}
	if total != int64(len(recs)) {
		t.Fatalf("counts sum to %d, want %d", total, len(recs))
	}
}

// otlpWire exports recs through the real otlploghttp client to an httptest
// server and returns the request it received as indented OTLP/JSON.
func otlpWire(t *testing.T, recs []*journal.Record, env map[string]string) (string, http.Header) {
	t.Helper()
	var body []byte
	var hdr http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != LogsPath {
			t.Errorf("posted to %s, want %s", r.URL.Path, LogsPath)
		}
		body, _ = io.ReadAll(r.Body)
		hdr = r.Header
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	observed := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	exp, err := newOTLP(Settings{Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return observed },
		Hostname: func() (string, error) { return "exporting-host", nil }, Version: "v0.0.0-test", Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer exp.Close()
	if n, err := exp.Export(context.Background(), Batch{Records: recs}); err != nil || n != len(recs) {
		t.Fatalf("export: %d, %v", n, err)
	}
	var req collogpb.ExportLogsServiceRequest
	if err := proto.Unmarshal(body, &req); err != nil {
		t.Fatal(err)
	}
	js, err := OTLPJSON(&req)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	json.Indent(&out, js, "", "  ")
	return out.String() + "\n", hdr
}

func TestOTLP_WireGolden(t *testing.T) {
	got, _ := otlpWire(t, records(t, fixture(t, "basic")), nil)
	golden(t, "otlp-request.json", got)
}

func TestOTLP_RenderIsWhatExportPosts(t *testing.T) {
	recs := records(t, fixture(t, "basic"))
	wire, _ := otlpWire(t, recs, nil)
	observed := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	exp, err := newOTLP(Settings{Now: func() time.Time { return observed }, Version: "v0.0.0-test",
		Hostname: func() (string, error) { return "exporting-host", nil }, Endpoint: "http://127.0.0.1:9"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := exp.Render(&buf, Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	json.Indent(&out, bytes.TrimSpace(buf.Bytes()), "", "  ")
	if out.String()+"\n" != wire {
		t.Fatalf("--dry-run rendering differs from the request on the wire:\n%s\n---\n%s", out.String(), wire)
	}
}

func TestOTLP_HeadersAndResourceFromTheEnvironment(t *testing.T) {
	env := map[string]string{
		"OTEL_EXPORTER_OTLP_HEADERS": "authorization=Bearer%20s3cret,x-tenant=acme",
		"OTEL_SERVICE_NAME":          "referee",
		"OTEL_RESOURCE_ATTRIBUTES":   "deployment.environment=prod,service.name=ignored",
	}
	got, hdr := otlpWire(t, records(t, fixture(t, "basic"))[:1], env)
	if hdr.Get("Authorization") != "Bearer s3cret" || hdr.Get("X-Tenant") != "acme" {
		t.Fatalf("headers not sent: %v", hdr)
	}
	for _, want := range []string{`"referee"`, `"deployment.environment"`, `"prod"`, `"exporting-host"`} {
		if !strings.Contains(got, want) {
			t.Fatalf("resource lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ignored") || strings.Contains(got, "s3cret") {
		t.Fatalf("OTEL_SERVICE_NAME must win and headers never appear in the payload:\n%s", got)
	}
}

func TestSeverity_FollowsTheVerdictClass(t *testing.T) {
	for _, c := range []struct {
		verdict string
		want    otellog.Severity
	}{
		{"", otellog.SeverityInfo}, {"SHIPPED", otellog.SeverityInfo}, {"GRANTED", otellog.SeverityInfo},
		{"ADVANCING", otellog.SeverityInfo}, {"NOT_SHIPPED", otellog.SeverityWarn}, {"SPINNING", otellog.SeverityWarn},
		{"REFUSED", otellog.SeverityWarn}, {"ESCALATE", otellog.SeverityWarn}, {"NOT_SOMETHING_NEW", otellog.SeverityWarn},
		{"STALLED", otellog.SeverityError}, {"REJECT_POISON", otellog.SeverityError},
		{"GRANTS_ARBITRARY_EXEC", otellog.SeverityError}, {"SOMETHING_NEW", otellog.SeverityInfo},
	} {
		if got, _ := Severity(c.verdict); got != c.want {
			t.Errorf("Severity(%q) = %v, want %v", c.verdict, got, c.want)
		}
	}
}

func TestSummary_IsOneReadableLine(t *testing.T) {
	recs := records(t, fixture(t, "basic"))
	want := []string{"run.start auth-refactor", "intent.declare AUTH", "lease.acquire GRANTED (lane api)",
		"verify SHIPPED AUTH1 (lane api)"}
	for i, w := range want {
		if got := Summary(recs[i]); got != w {
			t.Errorf("Summary(seq %d) = %q, want %q", i+1, got, w)
		}
	}
}

func TestTraceID_RunIsTheTraceAndNoSpanIDIsMadeUp(t *testing.T) {
	recs := records(t, fixture(t, "basic"))
	for _, r := range recs {
		if _, sc := OTLPRecord(r, time.Now()); sc.HasSpanID() || sc.TraceID() != TraceID(r.RunID) {
			t.Fatalf("seq %d: span context %v: the trace id must be the run's and no span id made up (dos exports no spans)", r.Seq, sc)
		}
		if r.RunID == "" {
			if TraceID(r.RunID).IsValid() {
				t.Fatalf("seq %d has no run but a trace id", r.Seq)
			}
		} else if u := ulid.MustParseStrict(r.RunID); TraceID(r.RunID).String() != hex.EncodeToString(u[:]) {
			t.Fatalf("trace id %s is not run id %s", TraceID(r.RunID), r.RunID)
		}
	}
	if TraceID("").IsValid() || TraceID("not-a-ulid").IsValid() {
		t.Fatal("a record without a run must have no trace id")
	}
	// A RID run (the reference's grammar) is one trace too: its time and
	// entropy under a mark (journal.RunTraceID), stable and distinct.
	a, b := TraceID("RID-01JD6Z3Y8ABCDEF"), TraceID("RID-01JD6Z3Y8ABCDEG")
	if !a.IsValid() || a != TraceID("RID-01JD6Z3Y8ABCDEF") || a == b || a.String()[12:24] != "5249442d0000" {
		t.Fatalf("RID trace ids %s, %s", a, b)
	}
}

func TestDetailAttributes_Flattened(t *testing.T) {
	got := DetailAttributes(journal.MustDetail(map[string]any{
		"files_changed": 2, "ratio": 0.5, "ok": true, "sha": "e62f74d", "nothing": nil,
		"steps": []string{"AUTH1", "AUTH2"}, "by": map[string]any{"lane": "api", "n": 3},
	}))
	var b strings.Builder
	for _, kv := range got {
		b.WriteString(string(kv.Key) + "=" + kv.Value.Emit() + " (" + kv.Value.Type().String() + ")\n")
	}
	want := `dos.detail.by.lane=api (STRING)
dos.detail.by.n=3 (INT64)
dos.detail.files_changed=2 (INT64)
dos.detail.ok=true (BOOL)
dos.detail.ratio=0.5 (FLOAT64)
dos.detail.sha=e62f74d (STRING)
dos.detail.steps=["AUTH1","AUTH2"] (SLICE)
`
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestDetailAttributes_FastPathAgreesWithTheGeneralOne(t *testing.T) {
	for _, d := range []string{
		`{"a":1,"b":"x","c":true,"d":false,"e":-42}`, `{"files_changed":2,"phase":"AUTH1","plan":"AUTH","sha":"e62f74d","via":"grep-subject"}`,
		`{"b":1,"a":2}`, `{"a":"q\"uote"}`, `{"a":1.5}`, `{"a":[1,2]}`, `{"a":{"b":1}}`, `{"a":null}`, `{"a":1e3}`, `{}`,
	} {
		fast, ok := flatDetail(d)
		if !ok && strings.Contains(d, "files_changed") {
			t.Errorf("%s should take the fast path", d)
		}
		var general []attribute.KeyValue
		dec := json.NewDecoder(strings.NewReader(d))
		dec.UseNumber()
		var m map[string]any
		dec.Decode(&m)
		flatten("dos.detail", m, &general)
		if ok && fmt.Sprint(fast) != fmt.Sprint(general) {
			t.Errorf("%s: fast %v, general %v", d, fast, general)
		}
		if got := DetailAttributes(journal.Detail(d)); fmt.Sprint(got) != fmt.Sprint(general) && !(d == "{}" && len(got) == 0) {
			t.Errorf("%s: DetailAttributes %v, want %v", d, got, general)
		}
	}
}

// TestSeverity_AgreesWithTheTerminal walks every token of every verb: the
// colour a person sees and the severity a dashboard gets come from one
// class, so red is ERROR, yellow is WARN, and success is never either.
func TestSeverity_AgreesWithTheTerminal(t *testing.T) {
	want := map[string]otellog.Severity{ui.Red: otellog.SeverityError, ui.Yellow: otellog.SeverityWarn, ui.Green: otellog.SeverityInfo, ui.Dim: otellog.SeverityInfo}
	for _, v := range append(vocab.Verbs(), vocab.ViewVerbs()...) {
		for _, o := range v.Outcomes {
			colour := viewtext.VerdictColor(o.Token)
			sev, _ := Severity(o.Token)
			if sev != want[colour] {
				t.Errorf("%s %q: terminal %s but OTLP %v", v.Name, o.Token, colour, sev)
			}
			// A hook exits 0 whatever it decides (exit 2 would block every
			// tool call), so its DENY and BLOCK rightly read as trouble.
			if o.Code == 0 && v.Kind != vocab.KindHook && (colour == ui.Red || sev >= otellog.SeverityWarn) {
				t.Errorf("%s %q exits 0 but reads as trouble (%s, %v)", v.Name, o.Token, colour, sev)
			}
		}
	}
}
