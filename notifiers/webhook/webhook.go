// Package webhook is the wire contract of `dos notify --notifier webhook`:
// the JSON payload dos POSTs, the headers it sets, and the HMAC-SHA256
// signature a receiver checks. It imports only the standard library, so a
// receiver written in Go can import it without pulling in the rest of dos.
//
// # Signature
//
// When DOS_WEBHOOK_SECRET is set, every request carries
//
//	X-Dos-Timestamp: <unix seconds when this attempt was sent>
//	X-Dos-Signature: sha256=<lower-case hex HMAC-SHA256(secret, timestamp + "." + body)>
//
// A receiver recomputes the HMAC over the exact bytes it received, compares
// in constant time, and refuses timestamps too far from its own clock (a
// replayed request). Verify does all three; docs/WEBHOOKS.md shows it.
//
// # Standard Webhooks
//
// Beside those headers every signed request carries the Standard Webhooks
// (standardwebhooks.com, v1.0.0) ones, so off-the-shelf verifiers work:
//
//	webhook-id:        <the event id; the same for every resend of it>
//	webhook-timestamp: <unix seconds when this attempt was sent>
//	webhook-signature: v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)> [v1,<…> …]
//
// The key of a "whsec_<base64>" secret is its decoded bytes (the form the
// standard's libraries take); any other secret is used as its bytes. With
// several secrets (DOS_WEBHOOK_SECRET holding them space-separated, the
// newest first) the header lists one signature per secret, so a receiver
// can rotate without downtime; X-Dos-Signature uses the first.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Version is the payload version this build sends (the "version" member).
const Version = 1

// Header names dos sets on every request.
const (
	HeaderTimestamp = "X-Dos-Timestamp"
	HeaderSignature = "X-Dos-Signature"
	HeaderEvent     = "X-Dos-Event"    // the payload kind: decisions or top
	HeaderEventID   = "X-Dos-Event-Id" // the payload's event_id
)

// SignaturePrefix starts every X-Dos-Signature value.
const SignaturePrefix = "sha256="

// Standard Webhooks headers (standardwebhooks.com).
const (
	HeaderWebhookID        = "webhook-id"
	HeaderWebhookTimestamp = "webhook-timestamp"
	HeaderWebhookSignature = "webhook-signature"
)

// StandardSecretPrefix marks a Standard Webhooks secret: base64 after it.
const StandardSecretPrefix = "whsec_"

// ErrBadSecret means a whsec_ secret is not base64 after its prefix.
var ErrBadSecret = errors.New("webhook: a whsec_ secret must be base64 after the prefix")

// StandardKey is the HMAC key of a secret as Standard Webhooks uses it:
// the decoded bytes of a whsec_ secret, the bytes of any other.
func StandardKey(secret string) ([]byte, error) {
	b64, ok := strings.CutPrefix(secret, StandardSecretPrefix)
	if !ok {
		return []byte(secret), nil
	}
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(key) == 0 {
		return nil, ErrBadSecret
	}
	return key, nil
}

// SignStandard is one Standard Webhooks signature, "v1,<base64>", of body
// sent as event id at unix time ts.
func SignStandard(key []byte, id string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + strconv.FormatInt(ts, 10) + "."))
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// VerifyStandard checks the Standard Webhooks headers of a request: one of
// the space-separated signatures must match key, and the timestamp must be
// within tolerance (DefaultTolerance when 0) of now.
func VerifyStandard(key []byte, id, timestamp, signatures string, body []byte, now time.Time, tolerance time.Duration) error {
	if id == "" || timestamp == "" || signatures == "" {
		return ErrUnsigned
	}
	ts, err := freshTimestamp(timestamp, now, tolerance)
	if err != nil {
		return err
	}
	want := []byte(SignStandard(key, id, ts, body))
	for _, sig := range strings.Fields(signatures) {
		if hmac.Equal(want, []byte(sig)) {
			return nil
		}
	}
	return ErrBadSignature
}

// DefaultTolerance is how far a timestamp may be from the receiver's clock.
const DefaultTolerance = 5 * time.Minute

// MaxBody bounds what VerifyRequest reads from a request.
const MaxBody = 4 << 20

// Payload kinds.
const (
	KindDecisions = "decisions"
	KindTop       = "top"
)

// Payload is the request body.
type Payload struct {
	Version int    `json:"version"`
	Kind    string `json:"kind"`
	// EventID is the same for every retry of one delivery, so a receiver
	// can drop the duplicate of a retried request.
	EventID string `json:"event_id"`
	// GroupKey is stable for one journal, kind and channel: a receiver can
	// keep the newest payload per group key.
	GroupKey string    `json:"group_key"`
	SentAt   time.Time `json:"sent_at"`
	// Decisions are the new, changed or due decisions, most urgent first,
	// at most the cap; Truncated counts those the cap left out.
	Decisions []Decision `json:"decisions"`
	Truncated int        `json:"truncated"`
	// Resolved are decisions sent earlier that have left the queue.
	Resolved []Resolved `json:"resolved"`
	// Open counts the whole open queue by resolver.
	Open map[string]int `json:"open"`
	// Top is set for kind "top".
	Top *Top `json:"top,omitempty"`
}

// Decision is one decision of the queue. Title, reason, lane and command
// are derived from journal records and may contain text an agent chose:
// treat them as untrusted when rendering.
type Decision struct {
	ID       string `json:"id"`
	Revision string `json:"revision"`
	// Change says why it is in this payload: new, changed or reminder.
	Change     string `json:"change"`
	Kind       string `json:"kind"`
	Resolver   string `json:"resolver"`
	Urgency    string `json:"urgency"`
	Title      string `json:"title"`
	Reason     string `json:"reason"`
	RunID      string `json:"run_id"`
	Lane       string `json:"lane"`
	AgeSeconds int64  `json:"age_seconds"`
	Command    string `json:"command"`
}

// Resolved is a decision announced earlier that is no longer open.
type Resolved struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	RunID string `json:"run_id"`
}

// Top is what is running now.
type Top struct {
	Runs      []Run  `json:"runs"`
	RunsMore  int    `json:"runs_more"`
	Lanes     []Lane `json:"lanes"`
	LanesMore int    `json:"lanes_more"`
	Counts    Counts `json:"counts"`
}

// Run is one open run.
type Run struct {
	RunID    string `json:"run_id"`
	Name     string `json:"name"`
	Host     string `json:"host"`
	Liveness string `json:"liveness"`
	// Class is the liveness token's class: ok, info, warn or fail.
	Class    string    `json:"class"`
	Started  time.Time `json:"started"`
	LastSeen time.Time `json:"last_seen"`
	Records  int64     `json:"records"`
	Lanes    []string  `json:"lanes"`
}

// Lane is one lane held by a live lease.
type Lane struct {
	Lane             string   `json:"lane"`
	RunID            string   `json:"run_id"`
	Paths            []string `json:"paths"`
	ExpiresInSeconds int64    `json:"expires_in_seconds"`
	Liveness         string   `json:"liveness"`
	Class            string   `json:"class"` // the liveness token's class: ok, info, warn or fail
}

// Counts summarises a top frame.
type Counts struct {
	RunsOpen  int `json:"runs_open"`
	Advancing int `json:"advancing"`
	Spinning  int `json:"spinning"`
	Stalled   int `json:"stalled"`
	Unknown   int `json:"unknown"`
	LanesHeld int `json:"lanes_held"`
}

// Sign returns the X-Dos-Signature value for body sent at unix time ts.
func Sign(secret []byte, ts int64, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return SignaturePrefix + hex.EncodeToString(m.Sum(nil))
}

// Errors Verify returns.
var (
	ErrUnsigned     = errors.New("webhook: request is not signed")
	ErrBadTimestamp = errors.New("webhook: timestamp is not unix seconds")
	ErrStale        = errors.New("webhook: timestamp is outside the tolerance (replayed or clock skew)")
	ErrBadSignature = errors.New("webhook: signature does not match")
)

// Verify checks a request's signature: timestamp and signature are the
// X-Dos-Timestamp and X-Dos-Signature header values, body the exact bytes
// received. It refuses timestamps more than tolerance (DefaultTolerance when
// 0) from now, and compares in constant time.
func Verify(secret []byte, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	if timestamp == "" || signature == "" {
		return ErrUnsigned
	}
	ts, err := freshTimestamp(timestamp, now, tolerance)
	if err != nil {
		return err
	}
	want := Sign(secret, ts, body)
	if !hmac.Equal([]byte(want), []byte(strings.TrimSpace(signature))) {
		return ErrBadSignature
	}
	return nil
}

// VerifyRequest reads r's body (at most MaxBody bytes) and verifies it;
// it returns the body only when the signature holds.
func VerifyRequest(r *http.Request, secret []byte, now time.Time, tolerance time.Duration) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("webhook: read body: %w", err)
	}
	if len(body) > MaxBody {
		return nil, fmt.Errorf("webhook: body larger than %d bytes", MaxBody)
	}
	if err := Verify(secret, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), body, now, tolerance); err != nil {
		return nil, err
	}
	return body, nil
}

// freshTimestamp parses a signature's Unix timestamp and refuses one more
// than tolerance (DefaultTolerance when 0) from now, either way: a
// replayed request carries an old one.
func freshTimestamp(timestamp string, now time.Time, tolerance time.Duration) (int64, error) {
	ts, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
	if err != nil {
		return 0, ErrBadTimestamp
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return 0, ErrStale
	}
	return ts, nil
}
