package exporters

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
)

// Batch is one unit of delivery: the records, in seq order, and how many
// records of the journal are left after them (for lag gauges).
type Batch struct {
	Records []*journal.Record
	Lag     uint64
	// Prepared is the driver's Prepare(Records) when it is a Preparer and
	// the batch was mapped ahead of delivery; nil otherwise.
	Prepared any
}

// Preparer is a driver whose wire mapping is worth running ahead of
// delivery, on the goroutine reading the journal, while the previous batch
// is on the wire. Export must still accept a batch with Prepared nil.
type Preparer interface {
	Prepare(recs []*journal.Record) any
}

// Idler is a driver that reports even after a pass with nothing to send:
// statsd refreshes its export gauges, so a quiet host does not look like a
// dead export. Its failure is a warning, never the run's.
type Idler interface {
	Idle(lag uint64) error
}

// Exporter delivers batches of records to one backend.
type Exporter interface {
	// Destination names where records go, e.g. "otlp http://127.0.0.1:4318/v1/logs".
	// A cursor remembers it and refuses to be reused for another one.
	Destination() string
	// Acknowledged is false when a delivered batch is only handed to the
	// network with no answer (statsd over UDP).
	Acknowledged() bool
	// Export delivers b as one unit and returns how many of its records,
	// from the first, the backend acknowledged; a nil error means all.
	// Retryable failures are *TransientError; any other error is permanent.
	Export(ctx context.Context, b Batch) (int, error)
	// Render writes b in the wire format to w and delivers nothing (--dry-run).
	Render(w io.Writer, b Batch) error
	// Close flushes and releases the backend connection.
	Close() error
}

// Settings configure a driver. Every input from outside (environment,
// clock, host name, stdout) is injected.
type Settings struct {
	Getenv   func(string) string
	Now      func() time.Time
	Hostname func() (string, error)
	Stdout   io.Writer

	Endpoint string // otlp: --endpoint (a URL); else OTEL_EXPORTER_OTLP_*
	Addr     string // statsd: --addr; else DD_DOGSTATSD_URL / DD_AGENT_HOST
	Path     string // file: --path, "-" for Stdout
	TagLane  bool   // statsd: tag counters with the lane too
	// StatsdTimestamps is --statsd-timestamps: auto (""), on or off.
	StatsdTimestamps string
	Cursor           string // the cursor name, for statsd's lag gauge
	Version          string // dos version, for the resource's service.version
	Warn             func(string)
}

func (s Settings) getenv(k string) string {
	if s.Getenv == nil {
		return ""
	}
	return s.Getenv(k)
}

func (s Settings) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Factory builds a driver from its settings.
type Factory func(Settings) (Exporter, error)

// Registry maps driver names to their factories.
type Registry map[string]Factory

// Drivers returns a registry of every built-in driver.
func Drivers() Registry {
	return Registry{"file": newFile, "statsd": newStatsd, "otlp": newOTLP, "null": newNull}
}

// Names lists the registered driver names, sorted.
func (r Registry) Names() []string { return slices.Sorted(maps.Keys(r)) }

// New builds the named driver; an unknown name is a *ConfigError.
func (r Registry) New(name string, s Settings) (Exporter, error) {
	f, ok := r[name]
	if !ok {
		return nil, configErrorf("--to %q: must be one of %s", name, strings.Join(r.Names(), ", "))
	}
	return f(s)
}

// TransientError is a failure worth retrying: a timeout, a refused
// connection, 408, 429 or 5xx. RetryAfter is what the backend asked for.
type TransientError struct {
	Err        error
	RetryAfter time.Duration
}

func (e *TransientError) Error() string { return e.Err.Error() }
func (e *TransientError) Unwrap() error { return e.Err }

// IsTransient reports whether err is worth retrying, and how long the
// backend asked to wait.
func IsTransient(err error) (bool, time.Duration) {
	var te *TransientError
	if errors.As(err, &te) {
		return true, te.RetryAfter
	}
	return false, 0
}

// ConfigError is a usage or configuration problem: nothing was sent, and
// nothing will be until someone changes a flag, the environment or a file.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

func configErrorf(format string, args ...any) error {
	return &ConfigError{fmt.Errorf(format, args...)}
}

// IsConfig reports whether err is a usage or configuration error (exit 2):
// a *ConfigError, or a cursor that does not fit the journal
// (*MismatchError) or the destination (*DestinationError).
func IsConfig(err error) bool {
	var ce *ConfigError
	var me *MismatchError
	var de *DestinationError
	var re *RewrittenError
	return errors.As(err, &ce) || errors.As(err, &me) || errors.As(err, &de) || errors.As(err, &re)
}
