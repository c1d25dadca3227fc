package pipes

import (
	"strconv"
	"strings"
	"time"

	"github.com/dos-go/dos/exporters"
	"github.com/dos-go/dos/internal/cli"
	"github.com/spf13/cobra"
)

// exportFlags are `dos export`'s flags.
type exportFlags struct {
	to, cursor, since     string
	until                 uint64
	follow, dryRun, reset bool
	interval, timeout     time.Duration
	batch                 int
	syscalls, kinds       []string
	endpoint, addr, path  string
	tagLane, verbose      bool
	statsdTimestamps      string
}

// addExportCommands registers the export commands.
func addExportCommands(root *cobra.Command, a *cli.App) {
	var f exportFlags
	cmd := &cobra.Command{
		Use:     "export --to file|statsd|otlp|null",
		Short:   "Drain the journal to a file, DogStatsD or OTLP from a saved cursor (cron-safe)",
		GroupID: cli.GroupPipes,
		Long: `Send every record after the cursor to a backend, in batches, and move the
cursor only over what the backend acknowledged. Run it from cron every
minute: a down backend loses nothing (the cursor stays, exit 1, the next run
sends it) and a rerun sends nothing twice, except at most one batch after a
crash. OTLP (log.record.uid) and file lines carry the record id so a backend
can drop that duplicate; statsd counters cannot.

The cursor (default: the driver's name) lives in <journal>/cursors/NAME.json
and remembers its destination; it is refused for another destination or for
a journal that no longer holds the record it points at, until --reset.

Drivers:
  otlp    OpenTelemetry logs over OTLP/HTTP (or gRPC), one request per batch, to
          --endpoint › $OTEL_EXPORTER_OTLP_LOGS_ENDPOINT › $OTEL_EXPORTER_OTLP_ENDPOINT
          (/v1/logs appended) › http://localhost:4318. Every standard variable
          is honoured, the LOGS_ one first: _HEADERS (never printed),
          _PROTOCOL (http/protobuf or grpc; http/json is refused), _TIMEOUT
          (ms per request), _COMPRESSION (gzip), _CERTIFICATE (a private CA),
          _CLIENT_CERTIFICATE and _CLIENT_KEY (mTLS), _INSECURE (gRPC); resource
          from $OTEL_SERVICE_NAME and $OTEL_RESOURCE_ATTRIBUTES. Redirects are
          never followed; TLS failures are not retried. A run is one trace.
  statsd  DogStatsD counter dos.verdicts{syscall,verdict,kind[,lane]} and gauges
          dos.export.lag and dos.export.last_success{cursor,host} to --addr ›
          $DD_DOGSTATSD_URL › $DD_AGENT_HOST › localhost:8125 (UDP, or
          unix:///path). --statsd-timestamps auto stamps counts older than 10s
          with their own second only for a Datadog Agent (an address from
          $DD_AGENT_HOST or $DD_DOGSTATSD_URL): statsd_exporter before v0.31.0
          drops stamped samples. UDP GIVES NO ACKNOWLEDGEMENT: the cursor moves
          once the client has flushed the datagrams, not when they arrive.
  file    the journal lines (JSONL) appended to --path (- for stdout), fsync'd
          before the cursor moves.
  null    sends nothing, acknowledges everything: moves a cursor to the end.

Exit 0: everything was delivered (or there was nothing to do). Exit 1: some
records were not (the cursor is at the last acknowledged one), a bad journal
line was skipped (named on stderr), or records were delivered but the cursor
could not be saved. Exit 2: usage or configuration error (an impossible port,
an unreadable certificate, a symbolic link inside the journal directory), a
garbage cursor file, or a cursor that does not match the journal or
destination; nothing was sent. Retries are printed with --verbose; a give-up
is one line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runExport(a, cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "driver: file, statsd, otlp or null (required)")
	cli.CompleteValues(cmd, "to", "file", "statsd", "otlp", "null")
	fl.StringVar(&f.cursor, "cursor", "", "cursor name (default: the driver's name)")
	fl.StringVar(&f.since, "since", "auto", "first seq to export, or auto: the record after the cursor")
	fl.Uint64Var(&f.until, "until", 0, "last seq to export (inclusive; default: the end)")
	fl.BoolVar(&f.follow, "follow", false, "keep exporting new records until SIGINT/SIGTERM, then flush and save")
	cli.DurationVar(fl, &f.interval, "interval", time.Second, "how often --follow looks for new records")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the wire payload instead of sending it; the cursor does not move")
	fl.IntVar(&f.batch, "batch", 0, "records per request/write, at most 100000 (default 1000 for otlp, 5000 otherwise)")
	cli.DurationVar(fl, &f.timeout, "timeout", 30*time.Second, "how long to retry one batch (and to wait for another export on the cursor)")
	fl.BoolVar(&f.reset, "reset", false, "forget the saved cursor (garbage, or for another journal or destination) and start from --since")
	fl.StringSliceVar(&f.syscalls, "syscall", nil, "export only these syscalls (repeat or comma-separate)")
	fl.StringSliceVar(&f.kinds, "kind", nil, "export only these kinds (repeat or comma-separate)")
	fl.StringVar(&f.endpoint, "endpoint", "", "otlp: collector URL, e.g. http://127.0.0.1:4318")
	fl.StringVar(&f.addr, "addr", "", "statsd: host:port, udp://host:port or unix:///path")
	fl.StringVar(&f.path, "path", "", "file: the JSONL file to append to, or - for stdout")
	fl.BoolVar(&f.tagLane, "tag-lane", false, "statsd: tag dos.verdicts with the lane too")
	fl.StringVar(&f.statsdTimestamps, "statsd-timestamps", "auto", "statsd: stamp old counts with their own second (|T): on, off, or auto (on only for a Datadog Agent, found through $DD_AGENT_HOST or $DD_DOGSTATSD_URL)")
	cli.CompleteValues(cmd, "statsd-timestamps", "auto", "on", "off")
	fl.BoolVar(&f.verbose, "verbose", false, "print each failed attempt that is retried (a give-up is always one line)")
	cmd.AddCommand(exportStatusCmd(a))
	root.AddCommand(cmd)
}

// options turns the flags into drain options, or a usage error.
func (f exportFlags) options(journalDir string) (exporters.Options, error) {
	o := exporters.Options{Journal: journalDir, Cursor: f.cursor, Until: f.until, Batch: f.batch,
		Timeout: f.timeout, LockWait: f.timeout, Reset: f.reset, Follow: f.follow, Interval: f.interval,
		DryRun: f.dryRun, Filter: exporters.Filter{Syscalls: clean(f.syscalls), Kinds: clean(f.kinds)}}
	if o.Cursor == "" {
		o.Cursor = f.to
	}
	if f.since != "auto" && f.since != "" {
		n, err := strconv.ParseUint(f.since, 10, 64)
		if err != nil || n == 0 {
			return o, cli.UsageErrorf("--since %q: give a seq (1 or more) or auto", f.since)
		}
		o.Since = n
	}
	switch {
	case f.until > 0 && o.Since > f.until:
		return o, cli.UsageErrorf("--until %d is before --since %d", f.until, o.Since)
	case f.batch < 0 || f.batch > exporters.MaxBatch:
		return o, cli.UsageErrorf("--batch %d: give 1 to %d records per request", f.batch, exporters.MaxBatch)
	case f.timeout <= 0:
		return o, cli.UsageErrorf("--timeout %s: must be positive", f.timeout)
	case f.follow && f.interval <= 0:
		return o, cli.UsageErrorf("--interval %s: must be positive", f.interval)
	}
	if o.Batch == 0 {
		o.Batch = exporters.DefaultBatch(f.to)
	}
	return o, nil
}

func clean(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
