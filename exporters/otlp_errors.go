package exporters

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/retry"
	"github.com/dos-go/dos/internal/ui"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	grpcstatus "google.golang.org/grpc/status"
)

// otlpFailure is an OTLP export error sorted for the drain loop.
type otlpFailure struct {
	msg        string // what went wrong, without the destination
	transient  bool
	retryAfter time.Duration
	partial    bool // accepted, with some records rejected for good
}

// tlsFailure reports whether err is a TLS or certificate problem: the
// collector's certificate is not trusted, does not name the host, or the
// collector refused our client certificate. Retrying cannot fix any of
// them; a changed configuration can.
func tlsFailure(err error) bool {
	var cve *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	var rh tls.RecordHeaderError
	if errors.As(err, &cve) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) || errors.As(err, &rh) {
		return true
	}
	// gRPC reports a failed handshake as Unavailable text only.
	s := err.Error()
	return strings.Contains(s, "x509: ") || strings.Contains(s, "tls: ") || strings.Contains(s, "authentication handshake failed")
}

// tlsHint says what to set for a TLS failure.
const tlsHint = "; a private CA goes in OTEL_EXPORTER_OTLP_CERTIFICATE, a client certificate in OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and _CLIENT_KEY (not retried)"

// httpAnswer is what the HTTP client saw of a response.
type httpAnswer struct {
	status     int    // 0: no response came
	retryAfter string // its Retry-After
	snippet    string // an error response's first line
}

// classifyHTTP sorts the outcome of one OTLP/HTTP request by the response
// (ob) it had; nil when err is nil (delivered).
func classifyHTTP(err error, ob httpAnswer, now time.Time) *otlpFailure {
	st := ob.status
	switch {
	case err == nil:
		return nil
	case st/100 == 2:
		return &otlpFailure{partial: true, msg: err.Error()}
	case st == 0 && tlsFailure(err):
		return &otlpFailure{msg: "TLS: " + transportText(err) + tlsHint}
	case st == 0:
		return &otlpFailure{transient: !errors.Is(err, context.Canceled), msg: transportText(err)}
	}
	msg := fmt.Sprintf("HTTP %d %s", st, http.StatusText(st))
	if s := ui.Trunc(ui.OneLine(ob.snippet), 200); s != "" {
		msg += ": " + s
	}
	if st/100 == 3 {
		return &otlpFailure{msg: msg + "; redirects are not followed (the headers, credentials included, would go with them): point --endpoint or OTEL_EXPORTER_OTLP_ENDPOINT at the final URL"}
	}
	transient := st == http.StatusRequestTimeout || st == http.StatusTooManyRequests || st >= 500
	return &otlpFailure{msg: msg, transient: transient, retryAfter: retry.ParseAfter(ob.retryAfter, now)}
}

// transportText is a request error without the URL or address it was for.
func transportText(err error) string {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil && !tlsFailure(err) {
		return oe.Op + ": " + strings.TrimPrefix(oe.Err.Error(), oe.Op+": ")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return "timed out: " + ue.Err.Error()
		}
		return ue.Err.Error()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out: " + err.Error()
	}
	return err.Error()
}

// classifyGRPC sorts an otlploggrpc error by its status code, as the OTLP
// specification lists the retryable ones; RetryInfo is the backend's
// Retry-After.
func classifyGRPC(err error) otlpFailure {
	if strings.Contains(err.Error(), "partial success") {
		return otlpFailure{partial: true, msg: err.Error()}
	}
	s := grpcstatus.Convert(err)
	msg := fmt.Sprintf("gRPC %s: %s", s.Code(), s.Message())
	if tlsFailure(err) {
		return otlpFailure{msg: "TLS: " + msg + tlsHint}
	}
	var after time.Duration
	info := false
	for _, d := range s.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			info, after = true, ri.RetryDelay.AsDuration()
		}
	}
	switch s.Code() {
	case codes.Canceled, codes.DeadlineExceeded, codes.Aborted, codes.OutOfRange, codes.Unavailable, codes.DataLoss:
		return otlpFailure{msg: msg, transient: true, retryAfter: after}
	case codes.ResourceExhausted:
		return otlpFailure{msg: msg, transient: info, retryAfter: after}
	}
	return otlpFailure{msg: msg}
}
