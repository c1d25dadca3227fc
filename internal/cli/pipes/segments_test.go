package pipes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// segs lists the segment files of the journal at dir, oldest first.
func segs(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(names) < 4 {
		t.Fatalf("segments %v %v", names, err)
	}
	return names
}

func removeSegment(name string) {
	os.Remove(name)
	os.Remove(strings.TrimSuffix(name, ".jsonl") + ".idx")
}

// TestSegments_MissingOrSwappedAreReportedByEveryReader: a middle segment
// deleted, the newest deleted while a cursor is past it, and two segments
// swapped are each reported by journal cat, observe and export (exit 1,
// the export delivering only what precedes the break). On main all three
// readers exited 0 without a word.
func TestSegments_MissingOrSwappedAreReportedByEveryReader(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(t *testing.T, dir string)
		says   string
		before uint64 // the last seq an export may deliver
	}{
		{"deleted middle segment", func(t *testing.T, dir string) {
			removeSegment(segs(t, dir)[2])
		}, "are missing", 10},
		{"deleted newest segment past a cursor", func(t *testing.T, dir string) {
			if r := dos(t, nil, "--journal", dir, "export", "--to", "null", "--cursor", "far"); r.code != 0 {
				t.Fatalf("export: %d %s", r.code, r.stderr)
			}
			ss := segs(t, dir)
			removeSegment(ss[len(ss)-1])
		}, "export cursor far reached seq", 65},
		{"swapped segments", func(t *testing.T, dir string) {
			ss := segs(t, dir)
			a, b := ss[1], ss[2]
			os.Rename(a, a+".x")
			os.Rename(b, a)
			os.Rename(a+".x", b)
			os.Remove(strings.TrimSuffix(a, ".jsonl") + ".idx")
			os.Remove(strings.TrimSuffix(b, ".jsonl") + ".idx")
		}, "holds records of", 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := fixture(t, "segmented")
			c.tamper(t, dir)
			cat := dos(t, nil, "--journal", dir, "journal", "cat")
			if cat.code != 1 || !strings.Contains(cat.stderr, c.says) {
				t.Errorf("journal cat: exit %d stderr %q", cat.code, cat.stderr)
			}
			obs := dos(t, nil, "--journal", dir, "observe")
			if obs.code != 1 || !strings.Contains(obs.stdout, c.says) {
				t.Errorf("observe: exit %d stdout %q", obs.code, obs.stdout)
			}
			out := filepath.Join(t.TempDir(), "out.jsonl")
			exp := dos(t, nil, "--journal", dir, "export", "--to", "file", "--path", out)
			if exp.code != 1 || !strings.Contains(exp.stderr, c.says) {
				t.Errorf("export: exit %d stdout %q stderr %q", exp.code, exp.stdout, exp.stderr)
			}
			b, _ := os.ReadFile(out)
			if n := uint64(strings.Count(string(b), "\n")); n != c.before {
				t.Errorf("export delivered %d records, want the %d before the break", n, c.before)
			}
		})
	}
}
