//go:build e2e

package e2e

import (
	"encoding/hex"
	"testing"

	"github.com/oklog/ulid/v2"
)

// ulidHex is a ULID's 16 bytes in hex: the OTLP trace id of a run.
func ulidHex(t *testing.T, id string) string {
	t.Helper()
	u, err := ulid.ParseStrict(id)
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(u[:])
}
