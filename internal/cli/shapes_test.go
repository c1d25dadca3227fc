package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestJSON_OneShapeFamily is issue 16's seventh point: every verdict
// verb's --json is the same report object (run start printed its raw
// record); quickstart refuses --json rather than print text under it;
// lists are [] and never null; journal tail and cat say they print JSON
// Lines, and do.
func TestJSON_OneShapeFamily(t *testing.T) {
	env := map[string]string{"DOS_JOURNAL": t.TempDir()}
	keys := func(args ...string) map[string]any {
		t.Helper()
		r := dos(t, env, append(args, "--json")...)
		var m map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &m); err != nil || r.code != 0 {
			t.Fatalf("%v: exit %d, %v\n%s", args, r.code, err, r.stdout)
		}
		return m
	}
	start := keys("run", "start", "--name", "shape")
	breaker := keys("breaker", "--consecutive", "1", "--total", "2")
	for k := range breaker {
		if _, ok := start[k]; !ok && k != "lane" {
			t.Errorf("run start --json lacks %q: %v", k, start)
		}
	}
	if _, raw := start["hash"]; raw || start["syscall"] != "run.start" || start["run_id"] == "" {
		t.Errorf("run start --json is not a verdict report: %v", start)
	}

	if r := dos(t, env, "quickstart", "--json"); r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "no --json") {
		t.Errorf("quickstart --json: exit %d %q %q", r.code, r.stdout, r.stderr)
	}

	ws := map[string]string{"DOS_WORKSPACE": t.TempDir()} // no journal yet
	for _, args := range [][]string{{"journal", "prune", "--keep-segments", "1"}, {"journal", "stats"}, {"journal", "repair"}} {
		for _, e := range []map[string]string{ws, env} {
			r := dos(t, e, append(args, "--json")...)
			if r.code != 0 || strings.Contains(r.stdout, "null") || !json.Valid([]byte(r.stdout)) {
				t.Errorf("%v --json: exit %d\n%s", args, r.code, r.stdout)
			}
		}
	}
	if r := dos(t, env, "journal", "prune", "--keep-segments", "1", "--json"); !strings.Contains(r.stdout, `"deleted": []`) {
		t.Errorf("prune --json: %s", r.stdout)
	}

	for _, verb := range []string{"tail", "cat"} {
		if h := dos(t, nil, "journal", verb, "--help"); !strings.Contains(h.stdout, "JSON Lines") {
			t.Errorf("journal %s --help does not say JSON Lines", verb)
		}
		r := dos(t, env, "journal", verb, "--json")
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.code != 0 || len(lines) != 2 {
			t.Fatalf("journal %s --json: exit %d, %d lines", verb, r.code, len(lines))
		}
		for _, l := range lines {
			if !json.Valid([]byte(l)) || !strings.HasPrefix(l, `{"v":1,"seq":`) {
				t.Errorf("journal %s --json line %q", verb, l)
			}
		}
	}
}
