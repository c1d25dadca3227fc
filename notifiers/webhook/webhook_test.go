package webhook

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestSign_IsHMACOfTimestampDotBody(t *testing.T) {
	// HMAC-SHA256("key", "1700000000.{}") computed independently:
	//   printf '1700000000.{}' | openssl dgst -sha256 -hmac key
	got := Sign([]byte("key"), 1700000000, []byte("{}"))
	want := "sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae"
	if got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
	if Sign([]byte("key"), 1700000000, []byte("{}")) != got {
		t.Fatal("Sign is not deterministic")
	}
	if Sign([]byte("key"), 1700000001, []byte("{}")) == got || Sign([]byte("key2"), 1700000000, []byte("{}")) == got {
		t.Fatal("Sign ignores the timestamp or the key")
	}
}

func TestVerify(t *testing.T) {
	secret := []byte("whsec-test")
	now := time.Unix(1700000000, 0)
	body := []byte(`{"version":1}`)
	ts := strconv.FormatInt(now.Unix(), 10)
	good := Sign(secret, now.Unix(), body)
	for _, c := range []struct {
		name      string
		secret    []byte
		ts, sig   string
		body      []byte
		now       time.Time
		tolerance time.Duration
		want      error
	}{
		{"signed request verifies", secret, ts, good, body, now, 0, nil},
		{"verifies within the tolerance", secret, ts, good, body, now.Add(4 * time.Minute), 0, nil},
		{"tampered body is refused", secret, ts, good, []byte(`{"version":2}`), now, 0, ErrBadSignature},
		{"wrong secret is refused", []byte("other"), ts, good, body, now, 0, ErrBadSignature},
		{"signature for another timestamp is refused", secret, strconv.FormatInt(now.Unix()+1, 10), good, body, now, 0, ErrBadSignature},
		{"old timestamp is a replay", secret, ts, good, body, now.Add(6 * time.Minute), 0, ErrStale},
		{"future timestamp is refused", secret, ts, good, body, now.Add(-6 * time.Minute), 0, ErrStale},
		{"tighter tolerance applies", secret, ts, good, body, now.Add(2 * time.Minute), time.Minute, ErrStale},
		{"missing signature", secret, ts, "", body, now, 0, ErrUnsigned},
		{"missing timestamp", secret, "", good, body, now, 0, ErrUnsigned},
		{"timestamp not a number", secret, "yesterday", good, body, now, 0, ErrBadTimestamp},
		{"bare hex without the prefix is refused", secret, ts, good[len(SignaturePrefix):], body, now, 0, ErrBadSignature},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Verify(c.secret, c.ts, c.sig, c.body, c.now, c.tolerance)
			if !errors.Is(err, c.want) {
				t.Fatalf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}

func TestVerifyRequest_ReturnsTheBodyOnlyWhenSigned(t *testing.T) {
	secret := []byte("whsec-test")
	now := time.Unix(1700000000, 0)
	body := []byte(`{"version":1,"kind":"decisions"}`)
	r := httptest.NewRequest("POST", "/hook", bytes.NewReader(body))
	r.Header.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	r.Header.Set(HeaderSignature, Sign(secret, now.Unix(), body))
	got, err := VerifyRequest(r, secret, now, 0)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("VerifyRequest = %q, %v", got, err)
	}
	r = httptest.NewRequest("POST", "/hook", bytes.NewReader(body))
	r.Header.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	r.Header.Set(HeaderSignature, Sign([]byte("nope"), now.Unix(), body))
	if got, err := VerifyRequest(r, secret, now, 0); err == nil || got != nil {
		t.Fatalf("forged request verified: %q, %v", got, err)
	}
}
