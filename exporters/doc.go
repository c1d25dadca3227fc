// Package exporters drains the journal to a backend from a saved cursor:
// the Exporter interface and its drivers (file, statsd, otlp, null), the
// pure record→wire mappings they use, the cursor store and the drain loop.
//
// # Delivery
//
// Delivery is at least once. The drain loop reads records after the cursor
// in bounded batches, hands each batch to the driver as one unit (one OTLP
// request, one fsync'd append, one flushed statsd client) and moves the
// cursor only to the end of the prefix the backend acknowledged. Transient
// failures (timeouts, refused connections, 408, 429, 5xx, retryable gRPC
// codes) are retried with jittered exponential backoff, waiting at least
// what Retry-After asks, until the batch's deadline; anything else (a TLS
// failure, a redirect, which is never followed, any other status) stops the
// drain at once. A crash between delivery and the cursor write re-sends at
// most one batch; every wire format carries the record id so a backend can
// drop the duplicate. A bad journal line is skipped and reported (exit 1);
// records before it are delivered.
//
// # OTLP: two paths, one configuration
//
// ResolveOTLP reads the whole client configuration from --endpoint and
// every standard OTEL_EXPORTER_OTLP_{,LOGS_}* variable (the LOGS_ one
// wins): endpoint, headers, protocol, timeout, compression, certificate,
// client certificate and key, insecure. An impossible port, an unreadable
// certificate, http/json or an unknown protocol or compression is a
// configuration error (exit 2), never an outage to retry.
//
// http/protobuf, the default, is dos's own: wireEncoder (otlp_wire.go,
// otlp_detail.go) writes each batch's ExportLogsServiceRequest straight
// from the journal records, byte for byte what the OTel log SDK and
// otlploghttp posted for them (otlp_reference_test.go keeps that SDK path
// as the reference and compares the bytes over every fixture, detail shape
// and odd record, and under the fuzzer), at several times less CPU per
// record; dos posts it with its own net/http client: the TLS and mTLS
// configuration, a timeout per request, gzip, the headers with otlploghttp's
// User-Agent, and no redirects (CheckRedirect answers a 3xx as it stands:
// a redirected POST would carry x-api-key to another host and move the
// cursor on its answer; it is a permanent failure). An x509 or TLS
// handshake failure is permanent too (one attempt, and a hint naming the
// variables).
//
// grpc goes through the OTel log SDK and otlploggrpc (otlp_grpc.go): the
// less common protocol keeps the SDK's per-record cost rather than a
// second hand-written client. Its records are the reference's, so both
// protocols carry the same message: the resource (service.*, host.name,
// telemetry.sdk.*), the scope with dos's version, and per record the run's
// trace id and no span id (dos exports logs, not spans).
//
// Error text and the destination pass through one redactor
// (internal/redact): a header value or an endpoint's query token reaches
// neither stderr, --json nor the cursor file.
//
// # The cursor file
//
// <journal>/cursors/NAME.json, written atomically (temp file, fsync, rename,
// fsync of the directory) after each acknowledged batch:
//
//	+--------------+--------+------------------------------------------------+
//	| member       | type   | meaning                                        |
//	+--------------+--------+------------------------------------------------+
//	| v            | int    | cursor format version, 1                       |
//	| name         | string | the cursor's name (the file's stem)            |
//	| seq          | uint64 | last acknowledged seq (the journal's prune     |
//	|              |        | reads only this member); 0 with id "" and the  |
//	|              |        | genesis hash for a cursor recorded before its  |
//	|              |        | first delivery                                 |
//	| id           | string | id of the record at seq                        |
//	| hash         | string | hash of the record at seq (checked against     |
//	|              |        | ANCHOR.json once that record is pruned)        |
//	| ts           | string | ts of the record at seq                        |
//	| destination  | string | where the records went: "otlp http://…/v1/logs"|
//	| updated_at   | string | when the cursor last moved                     |
//	| last_success | string | when a batch was last acknowledged             |
//	| exported     | uint64 | records delivered through this cursor in all   |
//	| filter       | object | the --syscall/--kind filter of the last run    |
//	+--------------+--------+------------------------------------------------+
//
// A cursor is checked against the journal before it is trusted: the record
// at its seq must carry its id (or, once pruned, ANCHOR.json its hash), and
// its destination must be the one being exported to. Otherwise the export
// is refused until --reset (or a new --cursor name). NAME.lock beside it is
// flock(2)ed for the whole drain, so two exports on one cursor never both
// advance it; under that lock the temp files of killed writers are removed.
// A symbolic link at cursors/, a cursor file or a lock file is refused,
// never followed.
package exporters
