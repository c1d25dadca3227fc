package install

import (
	"encoding/json"
	"strings"
	"testing"
)

// userSettings is a settings.json a user wrote by hand: four-space
// indentation, keys in their order, their own PreToolUse group.
const userSettings = `{
    "permissions": {"allow": ["Bash(npm test)"]},
    "hooks": {
        "PreToolUse": [
            {
                "matcher": "Bash",
                "hooks": [ { "type": "command", "command": "./my-check.sh" } ]
            }
        ],
        "Notification": []
    },
    "model": "opus"
}
`

func mustMerge(t *testing.T, host string, in string, force bool) Result {
	t.Helper()
	h, err := LookupHost(host)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Merge(h, []byte(in), force)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestMergeJSON_KeepsTheUsersBytesAndIsIdempotent(t *testing.T) {
	for _, host := range []string{"claude-code", "gemini", "antigravity", "cursor"} {
		t.Run(host, func(t *testing.T) {
			r := mustMerge(t, host, userSettings, false)
			out := string(r.Out)
			for _, keep := range []string{
				`    "permissions": {"allow": ["Bash(npm test)"]},`,
				"            {\n                \"matcher\": \"Bash\",\n                \"hooks\": [ { \"type\": \"command\", \"command\": \"./my-check.sh\" } ]\n            }",
				`        "Notification": []`, `    "model": "opus"`,
			} {
				if !strings.Contains(out, keep) {
					t.Errorf("lost the user's bytes %q:\n%s", keep, out)
				}
			}
			if strings.Index(out, `"permissions"`) > strings.Index(out, `"hooks"`) || strings.Index(out, `"hooks"`) > strings.Index(out, `"model"`) {
				t.Errorf("key order changed:\n%s", out)
			}
			var v map[string]any
			if err := json.Unmarshal(r.Out, &v); err != nil {
				t.Fatalf("invalid JSON: %v\n%s", err, out)
			}
			h, _ := LookupHost(host)
			if len(r.Added) != len(h.Events()) || len(r.Already) != 0 {
				t.Errorf("added %v already %v", r.Added, r.Already)
			}
			for _, w := range h.Wires {
				if !strings.Contains(out, jsonString(h.Command(w.Verb))) {
					t.Errorf("no %s entry:\n%s", w.Verb, out)
				}
			}
			again := mustMerge(t, host, out, false)
			if string(again.Out) != out || len(again.Added) != 0 || len(again.Already) != len(h.Events()) {
				t.Errorf("second run changed the file (added %v):\n%s", again.Added, again.Out)
			}
		})
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestMergeJSON_UsersGroupComesFirstAndTheirMatcherSurvives(t *testing.T) {
	r := mustMerge(t, "claude-code", userSettings, false)
	var v struct {
		Hooks map[string][]struct {
			Matcher string `json:"matcher"`
			Hooks   []struct {
				Command string `json:"command"`
				Timeout int    `json:"timeout"`
			} `json:"hooks"`
		} `json:"hooks"`
	}
	if err := json.Unmarshal(r.Out, &v); err != nil {
		t.Fatal(err)
	}
	pre := v.Hooks["PreToolUse"]
	if len(pre) != 2 || pre[0].Matcher != "Bash" || pre[1].Matcher != "" || pre[1].Hooks[0].Command != `dos hook pretool --workspace "$CLAUDE_PROJECT_DIR"` || pre[1].Hooks[0].Timeout != 30 {
		t.Fatalf("%+v", pre)
	}
}

func TestMergeJSON_EmptyAndMissingFiles(t *testing.T) {
	for _, in := range []string{"", "{}", "{ }\n", `{"hooks":{}}`, `{"hooks":{"Stop":[]}}`} {
		r := mustMerge(t, "claude-code", in, false)
		var v map[string]map[string][]any
		if err := json.Unmarshal(r.Out, &v); err != nil || len(v["hooks"]["PreToolUse"]) != 1 || len(v["hooks"]["Stop"]) != 1 {
			t.Errorf("%q → %v\n%s", in, err, r.Out)
		}
		if again := mustMerge(t, "claude-code", string(r.Out), false); string(again.Out) != string(r.Out) {
			t.Errorf("%q: not idempotent", in)
		}
	}
	r := mustMerge(t, "cursor", "", false)
	if !strings.Contains(string(r.Out), `"version": 1`) {
		t.Errorf("cursor without version:\n%s", r.Out)
	}
}

func TestMergeJSON_ForceReplacesOnlyDosEntries(t *testing.T) {
	stale := strings.Replace(userSettings, `"Notification": []`, `"Notification": [],
        "Stop": [ {"hooks": [ {"type": "command", "command": "dos hook stop --workspace ."} ]}, {"hooks": [{"type":"command","command":"./theirs.sh"}]} ]`, 1)
	r := mustMerge(t, "claude-code", stale, false)
	if strings.Join(r.Already, ",") != "Stop" || !strings.Contains(string(r.Out), "dos hook stop --workspace .") {
		t.Fatalf("without --force the stale entry stays: %v\n%s", r.Already, r.Out)
	}
	r = mustMerge(t, "claude-code", stale, true)
	out := string(r.Out)
	if strings.Contains(out, "dos hook stop --workspace .\"") || !strings.Contains(out, `{"hooks": [{"type":"command","command":"./theirs.sh"}]}`) || strings.Count(out, "dos hook stop") != 1 {
		t.Fatalf("--force:\n%s", out)
	}
	if again := mustMerge(t, "claude-code", out, false); string(again.Out) != out {
		t.Fatal("not idempotent after --force")
	}
}

func TestMergeJSON_InvalidInput(t *testing.T) {
	h, _ := LookupHost("claude-code")
	for _, in := range []string{"{not json", "[1,2]", `"x"`} {
		if _, err := Merge(h, []byte(in), false); err == nil || !strings.Contains(err.Error(), "--force") {
			t.Errorf("%q: %v", in, err)
		}
		r, err := Merge(h, []byte(in), true)
		if err != nil || !json.Valid(r.Out) || len(r.Notes) == 0 {
			t.Errorf("%q --force: %v %s", in, err, r.Out)
		}
	}
}

func TestIsDosCommand(t *testing.T) {
	for cmd, want := range map[string]bool{
		"dos hook pretool --workspace .": true, `  dos hook stop`: true,
		`"${CLAUDE_PLUGIN_ROOT}/bin/dos-hook" pretool --workspace . || python -m dos.cli hook pretool`: false,
		`"${CLAUDE_PLUGIN_ROOT}/bin/dos" hook pretool`:                                                 true, "/usr/local/bin/dos hook stop": true,
		"./x.sh || dos hook stop": true, "echo dos": false, "mydos hook x": false,
	} {
		if got := IsDosCommand(cmd); got != want {
			t.Errorf("IsDosCommand(%q) = %v", cmd, got)
		}
	}
}

func TestMergeTOML_FencedBlock(t *testing.T) {
	user := "# my codex config\nmodel = \"o3\"\n\n[profiles.fast]\nmodel = \"o4-mini\"\n"
	r := mustMerge(t, "codex", user, false)
	out := string(r.Out)
	if !strings.HasPrefix(out, user) || !strings.Contains(out, fenceOpen) || strings.Count(out, "[[hooks.PreToolUse.hooks]]") != 1 ||
		!strings.Contains(out, `command = "dos hook stop --dialect codex"`) {
		t.Fatalf("%s", out)
	}
	again := mustMerge(t, "codex", out, false)
	if string(again.Out) != out || len(again.Already) != 3 {
		t.Fatalf("second run: %v\n%s", again.Already, again.Out)
	}
	forced := mustMerge(t, "codex", out, true)
	if string(forced.Out) != out {
		t.Fatalf("--force should cut and re-append the same block:\n%s", forced.Out)
	}
	conflict := mustMerge(t, "codex", user+"\n[hooks.Stop]\ncommand = \"x\"\n", false)
	if len(conflict.Notes) == 0 {
		t.Fatal("no warning for a conflicting hooks.Stop table")
	}
}

func TestDiff(t *testing.T) {
	d := Diff("f", []byte("a\nb\n"), []byte("a\nx\nb\n"))
	if d != "--- f\n+++ f (proposed)\n  a\n+ x\n  b\n" {
		t.Fatalf("%q", d)
	}
	if Diff("f", []byte("a"), []byte("a")) != "" {
		t.Fatal("no change, yet a diff")
	}
}
