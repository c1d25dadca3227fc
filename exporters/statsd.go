package exporters

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/DataDog/datadog-go/v5/statsd"
	"github.com/dos-go/dos/vocab"
)

// Metric names the statsd driver sends.
const (
	MetricVerdicts    = "dos.verdicts"            // counter, one per record
	MetricLag         = "dos.export.lag"          // gauge: records left after the batch
	MetricLastSuccess = "dos.export.last_success" // gauge: unix seconds of the last batch sent
)

// StatsdTimestampAfter is the age past which a record's count is sent with
// its own timestamp (|T, DogStatsD 1.3) instead of being stamped on arrival:
// one agent flush interval. Only with timestamps on: statsd_exporter before
// v0.31.0 drops every sample that carries one.
const StatsdTimestampAfter = 10 * time.Second

// StatsdOptions shape the samples of one export.
type StatsdOptions struct {
	Cursor string // tags the export gauges
	Host   string // tags the export gauges, so hosts sharing a statsd_exporter do not overwrite each other
	// TagLane tags dos.verdicts with the lane too.
	TagLane bool
	// Timestamps sends old counts with their own second (|T).
	Timestamps bool
}

// StatsdPoint is one DogStatsD sample.
type StatsdPoint struct {
	Name  string
	Type  string // "c" counter, "g" gauge
	Value int64
	Tags  []string
	TS    int64 // unix seconds; 0 lets the agent stamp it
}

// Line is the sample in DogStatsD text form, as datadog-go writes it.
func (p StatsdPoint) Line() string {
	var b strings.Builder
	b.WriteString(p.Name)
	b.WriteByte(':')
	b.WriteString(strconv.FormatInt(p.Value, 10))
	b.WriteByte('|')
	b.WriteString(p.Type)
	if len(p.Tags) > 0 {
		b.WriteString("|#")
		b.WriteString(strings.Join(p.Tags, ","))
	}
	if p.TS > 0 {
		b.WriteString("|T")
		b.WriteString(strconv.FormatInt(p.TS, 10))
	}
	return b.String()
}

type statsdKey struct {
	syscall, verdict, kind, lane string
	ts                           int64
}

// StatsdPoints maps a batch to DogStatsD samples: one dos.verdicts count per
// (syscall, verdict, kind[, lane]) and second, tagged with the verdict's
// class (ok, info, warn, fail) — with o.Timestamps, records older than
// StatsdTimestampAfter carry their own second, the others none — then the
// dos.export.lag and dos.export.last_success gauges tagged with the cursor
// and host. Run ids are never tags.
func StatsdPoints(b Batch, now time.Time, o StatsdOptions) []StatsdPoint {
	counts := map[statsdKey]int64{}
	cutoff := now.Add(-StatsdTimestampAfter)
	tagLane := o.TagLane
	for _, r := range b.Records {
		k := statsdKey{syscall: r.Syscall, verdict: r.Verdict, kind: r.Kind}
		if tagLane {
			k.lane = r.Lane
		}
		if o.Timestamps && r.TS.Before(cutoff) {
			k.ts = r.TS.Unix()
		}
		counts[k]++
	}
	keys := make([]statsdKey, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b statsdKey) int {
		if a.ts != b.ts {
			if a.ts == 0 || b.ts == 0 { // timestamped (older) samples first
				return cmp.Compare(b.ts, a.ts)
			}
			return cmp.Compare(a.ts, b.ts)
		}
		return cmp.Or(cmp.Compare(a.syscall, b.syscall), cmp.Compare(a.verdict, b.verdict),
			cmp.Compare(a.kind, b.kind), cmp.Compare(a.lane, b.lane))
	})
	points := make([]StatsdPoint, 0, len(keys)+2)
	for _, k := range keys {
		tags := []string{"syscall:" + tagValue(k.syscall), "verdict:" + tagValue(k.verdict),
			"class:" + string(vocab.ClassOf(k.verdict)), "kind:" + tagValue(k.kind)}
		if tagLane {
			tags = append(tags, "lane:"+tagValue(k.lane))
		}
		points = append(points, StatsdPoint{Name: MetricVerdicts, Type: "c", Value: counts[k], Tags: tags, TS: k.ts})
	}
	gauge := []string{"cursor:" + tagValue(o.Cursor), "host:" + tagValue(o.Host)}
	return append(points, StatsdPoint{Name: MetricLag, Type: "g", Value: int64(b.Lag), Tags: gauge},
		StatsdPoint{Name: MetricLastSuccess, Type: "g", Value: now.Unix(), Tags: gauge})
}

// tagValue makes s safe inside a DogStatsD tag; "" becomes "none".
func tagValue(s string) string {
	if s == "" {
		return "none"
	}
	if !strings.ContainsAny(s, ",|#\n\r ") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(",|#\n\r ", r) {
			return '_'
		}
		return r
	}, s)
}

// StatsdAddr resolves the DogStatsD address: flag › DD_DOGSTATSD_URL
// (udp://host:port, unix:///path) › DD_AGENT_HOST[:DD_DOGSTATSD_PORT] ›
// localhost:8125. It returns datadog-go's address form and a display form.
func StatsdAddr(flag string, getenv func(string) string) (addr, display string, err error) {
	addr, display, _, err = statsdAddr(flag, getenv)
	return addr, display, err
}

// statsdAddr is StatsdAddr, also saying whether the address came from the
// Datadog Agent's own variables (DD_DOGSTATSD_URL, DD_AGENT_HOST), which
// its install and admission controller set: what --statsd-timestamps auto
// takes for "a Datadog Agent listens there".
func statsdAddr(flag string, getenv func(string) string) (addr, display string, datadog bool, err error) {
	addr, display, from, err := resolveStatsdAddr(flag, getenv)
	return addr, display, from == "DD_DOGSTATSD_URL" || from == "DD_AGENT_HOST", err
}

func resolveStatsdAddr(flag string, getenv func(string) string) (addr, display, from string, err error) {
	raw := flag
	from = "--addr"
	if raw == "" {
		raw, from = getenv("DD_DOGSTATSD_URL"), "DD_DOGSTATSD_URL"
	}
	if raw == "" {
		if h := getenv("DD_AGENT_HOST"); h != "" {
			port := cmp.Or(getenv("DD_DOGSTATSD_PORT"), "8125")
			raw, from = h+":"+port, "DD_AGENT_HOST"
		}
	}
	if raw == "" {
		raw = "localhost:8125"
	}
	for _, p := range []string{"unix://", "unixgram://", "unixstream://"} {
		if path, ok := strings.CutPrefix(raw, p); ok {
			if path == "" {
				return "", "", from, configErrorf("%s %q: no socket path", from, raw)
			}
			return raw, "unix " + path, from, nil
		}
	}
	host := raw
	if strings.Contains(raw, "://") {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "udp" || u.Host == "" {
			return "", "", from, configErrorf("%s %q: use host:port, udp://host:port or unix:///path", from, raw)
		}
		host = u.Host
	}
	if !strings.Contains(host, ":") {
		host += ":8125"
	}
	if _, port, err := net.SplitHostPort(host); err != nil {
		return "", "", from, configErrorf("%s %q: use host:port, udp://host:port or unix:///path", from, raw)
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", "", from, configErrorf("%s %q: port %s is not 1 to 65535", from, raw, port)
	}
	return host, "udp " + host, from, nil
}

// statsdExporter sends each batch through one datagram client and flushes
// it (every datagram written to the socket) before acknowledging; Close
// closes it.
type statsdExporter struct {
	addr, display string
	opts          StatsdOptions
	now           func() time.Time

	client  *statsd.Client
	mu      sync.Mutex
	sendErr error // the first write error the client reported since the last batch
}

func newStatsd(s Settings) (Exporter, error) {
	addr, display, datadog, err := statsdAddr(s.Addr, s.getenv)
	if err != nil {
		return nil, err
	}
	o := StatsdOptions{Cursor: s.Cursor, TagLane: s.TagLane}
	if s.Hostname != nil {
		o.Host, _ = s.Hostname()
	}
	switch s.StatsdTimestamps {
	case "", "auto":
		o.Timestamps = datadog
	case "on":
		o.Timestamps = true
	case "off":
	default:
		return nil, configErrorf("--statsd-timestamps %q: use auto, on or off", s.StatsdTimestamps)
	}
	return &statsdExporter{addr: addr, display: display, opts: o, now: s.now}, nil
}

func (e *statsdExporter) Destination() string { return "statsd " + e.display }

// Acknowledged is false: DogStatsD never answers, over UDP or a socket.
func (e *statsdExporter) Acknowledged() bool { return false }

func (e *statsdExporter) Render(w io.Writer, b Batch) error {
	var sb strings.Builder
	for _, p := range StatsdPoints(b, e.now(), e.opts) {
		sb.WriteString(p.Line())
		sb.WriteByte('\n')
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// Idle sends the export gauges alone, after a run with nothing to send.
func (e *statsdExporter) Idle(lag uint64) error {
	_, err := e.Export(context.Background(), Batch{Lag: lag})
	return err
}

// Export sends the batch's samples and flushes the client, which returns
// once every datagram is written to the socket; a write error the client
// saw meanwhile fails the batch.
func (e *statsdExporter) Export(_ context.Context, b Batch) (int, error) {
	if e.client == nil {
		c, err := statsd.New(e.addr,
			statsd.WithoutTelemetry(), statsd.WithoutOriginDetection(), statsd.WithoutClientSideAggregation(),
			statsd.WithWorkersCount(1), // one buffer: datagrams go out in the order --dry-run renders them
			statsd.WithErrorHandler(func(err error) {
				e.mu.Lock()
				e.sendErr = cmp.Or(e.sendErr, err)
				e.mu.Unlock()
			}))
		if err != nil {
			return 0, &TransientError{Err: err}
		}
		e.client = c
	}
	e.mu.Lock()
	e.sendErr = nil
	e.mu.Unlock()
	var err error
	for _, p := range StatsdPoints(b, e.now(), e.opts) {
		switch {
		case p.Type == "g":
			err = e.client.Gauge(p.Name, float64(p.Value), p.Tags, 1)
		case p.TS > 0:
			err = e.client.CountWithTimestamp(p.Name, p.Value, p.Tags, 1, time.Unix(p.TS, 0))
		default:
			err = e.client.Count(p.Name, p.Value, p.Tags, 1)
		}
		if err != nil {
			break
		}
	}
	err = errors.Join(err, e.client.Flush())
	e.mu.Lock()
	err = errors.Join(err, e.sendErr)
	e.mu.Unlock()
	if err != nil {
		return 0, &TransientError{Err: err}
	}
	return len(b.Records), nil
}

// Close closes (and so flushes) the client.
func (e *statsdExporter) Close() error {
	if e.client == nil {
		return nil
	}
	return e.client.Close()
}
