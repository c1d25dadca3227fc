package lease

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/vocab"
)

// awkwardSnapshot holds what a lane, a host or a path may legally carry:
// tabs, newlines, quotes, commas, backslashes, non-ASCII, empty strings,
// nil and empty lists, zero and non-UTC times.
func awkwardSnapshot() Snapshot {
	at := time.Date(2026, 11, 20, 9, 0, 0, 123456789, time.UTC)
	return Snapshot{Seq: 268, ID: "01M7W2Y7M0XWR45Q5YG5GTAKK9", Leases: []vocab.HeldLease{
		{Lane: "api", Paths: []string{"api/"}, Tree: []string{"api/**"}, LaneKind: vocab.LaneNamed,
			Holder: vocab.Holder{RunID: "01JD6Z3Y8T0000000000000A01", Host: "build-7", PID: 10}, AcquiredAt: at, ExpiresAt: at.Add(time.Hour), TTLSeconds: 3600},
		{Lane: "we\tb\n\"x\"", Paths: []string{}, Tree: []string{"a,b/**", `c\d`, "é/**", ""}, LaneKind: "",
			Holder: vocab.Holder{RunID: "r", Host: "", PID: -1}, ExpiresAt: at},
		{Lane: "docs", Paths: nil, Tree: nil, Holder: vocab.Holder{RunID: "r2"}},
	}}
}

// What the fold saved is what the next fold starts from, exactly: every
// field, nil against empty lists, and every instant (in UTC).
func TestSnapshot_RoundTrip(t *testing.T) {
	s := awkwardSnapshot()
	got, err := ParseSnapshot(AppendSnapshot(nil, s))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip\n got %#v\nwant %#v", got, s)
	}
	plus := time.FixedZone("CET", 3600)
	s.Leases[0].ExpiresAt = s.Leases[0].ExpiresAt.In(plus)
	got, err = ParseSnapshot(AppendSnapshot(nil, s))
	if err != nil || !got.Leases[0].ExpiresAt.Equal(s.Leases[0].ExpiresAt) || got.Leases[0].ExpiresAt.Location() != time.UTC {
		t.Fatalf("a non-UTC instant came back as %v (%v)", got.Leases[0].ExpiresAt, err)
	}
	empty, err := ParseSnapshot(AppendSnapshot(nil, Snapshot{Seq: 1, ID: "x"}))
	if err != nil || empty.Leases != nil || empty.Seq != 1 || empty.ID != "x" {
		t.Fatalf("no leases: %#v %v", empty, err)
	}
}

// A snapshot that is not whole never parses: every truncation, another
// version, a count that disagrees with the lines, bytes after the end, a
// field that lost its quotes.
func TestSnapshot_RefusesWhatIsNotWhole(t *testing.T) {
	b := AppendSnapshot(nil, awkwardSnapshot())
	for n := 0; n < len(b); n++ {
		if _, err := ParseSnapshot(b[:n]); err == nil {
			t.Fatalf("a snapshot cut at byte %d of %d parsed", n, len(b))
		}
	}
	good := string(b)
	for name, bad := range map[string]string{
		"another version":  strings.Replace(good, "dos-lease-snapshot 1 ", "dos-lease-snapshot 2 ", 1),
		"count too high":   strings.Replace(good, `" 3`+"\n", `" 4`+"\n", 1),
		"count too low":    strings.Replace(good, `" 3`+"\n", `" 2`+"\n", 1),
		"after the end":    good + "x",
		"unquoted lane":    strings.Replace(good, `"api"`, `api`, 1),
		"bad pid":          strings.Replace(good, "\t10\t", "\tten\t", 1),
		"bad time":         strings.Replace(good, "2026-11-20T10:00:00.123456789Z", "tomorrow", 1),
		"dangling comma":   strings.Replace(good, `"api/"`+"\t", `"api/",`+"\t", 1),
		"json":             `{"seq":268,"id":"x","leases":[]}`,
		"a field missing":  strings.Replace(good, "\t-\t-\n", "\t-\n", 1),
		"a field too many": strings.Replace(good, "\t-\t-\n", "\t-\t-\t-\n", 1),
	} {
		if bad == good {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if _, err := ParseSnapshot([]byte(bad)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

// FuzzParseSnapshot: no input panics, and whatever parses encodes back to
// a snapshot that parses to the same thing.
func FuzzParseSnapshot(f *testing.F) {
	f.Add(AppendSnapshot(nil, awkwardSnapshot()))
	f.Add(AppendSnapshot(nil, Snapshot{Seq: 1, ID: "x"}))
	f.Add([]byte("dos-lease-snapshot 1 1 \"x\" 1\n\"a\"\t\"\"\t\"\"\t\"\"\t0\t0001-01-01T00:00:00Z\t0001-01-01T00:00:00Z\t0\t-\t\nend\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSnapshot(b)
		if err != nil {
			return
		}
		again, err := ParseSnapshot(AppendSnapshot(nil, s))
		if err != nil || !reflect.DeepEqual(again, s) {
			t.Fatalf("re-encoded %#v\n    gives %#v (%v)", s, again, err)
		}
	})
}

// BenchmarkParseSnapshot200 decodes the snapshot of 200 live leases, what
// every hook call reads; the floor is encoding/json decoding the same
// leases, as the snapshot was first kept.
func BenchmarkParseSnapshot200(b *testing.B) {
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s := Snapshot{Seq: 401, ID: "01M7W2Y7M0XWR45Q5YG5GTAKK9"}
	for i := range 200 {
		s.Leases = append(s.Leases, vocab.HeldLease{Lane: "x" + strings.Repeat("7", i%5), Paths: []string{}, Tree: []string{"x/**"}, LaneKind: vocab.LaneNamed,
			Holder: vocab.Holder{RunID: "01JD6Z3Y8T0000000000000A01", Host: "build-7", PID: 1000 + i}, AcquiredAt: at, ExpiresAt: at.Add(23 * time.Hour), TTLSeconds: 82800})
	}
	enc := AppendSnapshot(nil, s)
	b.Run("line", func(b *testing.B) {
		b.SetBytes(int64(len(enc)))
		for b.Loop() {
			if _, err := ParseSnapshot(enc); err != nil {
				b.Fatal(err)
			}
		}
	})
	js, _ := json.Marshal(s.Leases)
	b.Run("json-floor", func(b *testing.B) {
		b.SetBytes(int64(len(js)))
		for b.Loop() {
			var ls []vocab.HeldLease
			if err := json.Unmarshal(js, &ls); err != nil {
				b.Fatal(err)
			}
		}
	})
}
