package journal

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
)

func TestCrockford_EveryLetterDecodesToItsIndex(t *testing.T) {
	for i := 0; i < len(crockford); i++ {
		if got := crockfordValue(crockford[i]); got != i {
			t.Errorf("%c decodes to %d, want %d", crockford[i], got, i)
		}
	}
	for _, c := range []byte("ILOUa-_ ") {
		if crockfordValue(c) != -1 {
			t.Errorf("%c accepted", c)
		}
	}
}

func TestValidRunID_BothGrammars(t *testing.T) {
	good := []string{"01JD6Z3Y8T0000000000000A01", "RID-01JD6Z3Y8ABCDEF", "RID-000000000000000"}
	bad := []string{"", "RID-", "RID-01JD6Z3Y8ABCDE", "RID-01JD6Z3Y8ABCDEFG", "RID-01JD6Z3Y8abcdef", "XID-01JD6Z3Y8ABCDEF", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ"}
	for _, s := range good {
		if !ValidRunID(s) {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range bad {
		if ValidRunID(s) {
			t.Errorf("%q accepted", s)
		}
	}
	if r := (Record{Kind: KindRun, Syscall: "run.start", RunID: "RID-01JD6Z3Y8ABCDEF"}); validate(&r) != nil {
		t.Errorf("a RID run_id is refused by the writer: %v", validate(&r))
	}
	if r := (Record{Kind: KindRun, Syscall: "run.start", RunID: "RID-1"}); validate(&r) == nil {
		t.Error("a malformed RID run_id is accepted by the writer")
	}
}

func TestRunTraceID_ARIDHasAStableTraceIDThatNamesItBack(t *testing.T) {
	// The layout, once by hand: time 1 ms, entropy 2.
	if id, ok := RunTraceID(EncodeRID(1, 2)); !ok || hex.EncodeToString(id[:]) != "000000000001"+"5249442d0000"+"00000002" {
		t.Fatalf("RID-…(1 ms, entropy 2): %x", id)
	}
	seen := map[[16]byte]string{}
	for _, rid := range []string{"RID-000000000000000", "RID-ZZZZZZZZZZZZZZZ", "RID-01JD6Z3Y8ABCDEF", "RID-01JD6Z3Y8ABCDEG", "RID-01JD6Z3Y9ABCDEF",
		EncodeRID(time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC).UnixMilli(), 1<<30-1)} {
		id, ok := RunTraceID(rid)
		again, _ := RunTraceID(rid)
		if !ok || id == [16]byte{} || id != again {
			t.Fatalf("%s: trace id %x ok %v (again %x)", rid, id, ok, again)
		}
		if other, dup := seen[id]; dup {
			t.Fatalf("%s and %s share trace id %x", rid, other, id)
		}
		seen[id] = rid
		h := hex.EncodeToString(id[:])
		for _, pasted := range []string{h, strings.ToUpper(h), h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]} {
			if got, err := ParseRunID(pasted); err != nil || got != rid {
				t.Fatalf("ParseRunID(%s) = %q, %v; want %s", pasted, got, err, rid)
			}
		}
		// sorts by time as a ULID's does: its first 48 bits are the epoch ms
		if mint, _ := RunIDTime(rid); ulid.ULID(id).Time() != uint64(mint.UnixMilli()) {
			t.Fatalf("%s: trace id time %d, minted %s", rid, ulid.ULID(id).Time(), mint)
		}
	}
}

func TestRunTraceID_AULIDIsItsOwnTraceID(t *testing.T) {
	u := ulid.MustParseStrict("01JD6Z3Y8T0000000000000A01")
	if id, ok := RunTraceID(u.String()); !ok || id != [16]byte(u) {
		t.Fatalf("%x", id)
	}
	if got, _ := ParseRunID(hex.EncodeToString(u[:])); got != u.String() {
		t.Fatalf("ParseRunID = %s", got)
	}
	// a ULID that merely looks like the mark in part stays a ULID
	near := u
	copy(near[6:12], "RID-\x00\x01")
	if got, _ := ParseRunID(hex.EncodeToString(near[:])); got != near.String() {
		t.Fatalf("ParseRunID = %s, want the ULID %s", got, near)
	}
	for _, bad := range []string{"", "not-a-run", "RID-1"} {
		if _, ok := RunTraceID(bad); ok {
			t.Fatalf("%q has a trace id", bad)
		}
	}
}
