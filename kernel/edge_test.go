package kernel

import (
	"bytes"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
)

func TestResolveRunID_FlagOverEnvAndMalformedIsAnError(t *testing.T) {
	const rid = "RID-01JD6Z3Y8ABCDEF"
	cases := []struct {
		flag string
		env  map[string]string
		want string
		bad  bool
	}{
		{"", nil, "", false},
		{runA, map[string]string{"DOS_RUN_ID": runB}, runA, false},
		{"", map[string]string{"DOS_RUN_ID": runB}, runB, false},
		{"", map[string]string{"DOS_RUN_ID": runB, "CID_RUN_ID": runA}, runB, false},
		{"", map[string]string{"CID_RUN_ID": runA, "DISPATCH_RUN_ID": runB}, runA, false},
		{"", map[string]string{"DISPATCH_RUN_ID": rid}, rid, false},
		{rid, nil, rid, false},
		{"nope", map[string]string{"DOS_RUN_ID": runB}, "", true},
		{"", map[string]string{"DOS_RUN_ID": "01jd6z3y8t0000000000000a01x"}, "", true},
		{"", map[string]string{"CID_RUN_ID": "not-a-ulid"}, "", true},
		{"RID-01JD6Z3Y8ABCDE", nil, "", true},  // 14 characters
		{"RID-01JD6Z3Y8ABCDEI", nil, "", true}, // I is not in the alphabet
		{"rid-01JD6Z3Y8ABCDEF", nil, "", true}, // the prefix is upper case
	}
	for _, c := range cases {
		got, err := ResolveRunID(c.flag, func(k string) string { return c.env[k] })
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("ResolveRunID(%q, %v) = %q, %v", c.flag, c.env, got, err)
		}
	}
}

func TestMintRID_EncodesTheMintTimeAndValidates(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 30, 0, 123e6, time.UTC)
	a, err := MintRID(at, bytes.NewReader([]byte{0xff, 0xff, 0xff, 0xff}))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := MintRID(at, bytes.NewReader([]byte{0, 0, 0, 1}))
	if !journal.ValidRID(a) || !journal.ValidRunID(a) || a == b || len(a) != 19 {
		t.Fatalf("minted %q and %q", a, b)
	}
	if a[len(a)-6:] != "ZZZZZZ" || b[len(b)-6:] != "000001" {
		t.Fatalf("entropy part %q %q: want the low 30 bits, big-endian", a, b)
	}
	if got, ok := journal.RunIDTime(a); !ok || !got.Equal(at) {
		t.Fatalf("RunIDTime(%q) = %v, %v; want %v", a, got, ok, at)
	}
	if got, ok := journal.RunIDTime(runA); !ok || got.Year() != 2024 {
		t.Fatalf("RunIDTime(ULID) = %v, %v", got, ok)
	}
	if _, ok := journal.RunIDTime("RID-nope"); ok {
		t.Fatal("decoded a malformed RID")
	}
}
