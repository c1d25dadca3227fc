package vocab

import (
	"strings"
	"testing"
)

func TestClassifyVerifyResult_Rules(t *testing.T) {
	const synth = `{"type":"user","message":{"role":"user","content":"go"}}
{"message":{"role":"assistant","model":"claude-x","content":[{"type":"text","text":"working"}]}}
{"message":{"role":"assistant","model":"<synthetic>","content":[{"type":"text","text":"API Error: Rate limited, try later"}]},"stop_reason":"stop_sequence","isApiErrorMessage":true,"apiErrorStatus":429}
`
	cases := []struct {
		name, transcript string
		readable         bool
		token, state     string
		class            string
		why              string
	}{
		{"synthetic 429", synth, true, VerdictDead, StateSynthetic, ClassRateLimit,
			"SYNTHETIC apiErrorStatus=429 class=RATE_LIMIT — harness-authored terminal (model=<synthetic> + stop_reason=stop_sequence apiErrorStatus=429)"},
		{"api error flag only", `{"message":{"role":"assistant","model":"m","content":"Internal server error"},"isApiErrorMessage":true}`, true, VerdictDead, StateSynthetic, ClassServer, "isApiErrorMessage=true"},
		{"status as digit string", `{"message":{"role":"assistant","model":"<synthetic>","content":"x"},"apiErrorStatus":"401"}`, true, VerdictDead, StateSynthetic, ClassAuth, "apiErrorStatus=401"},
		{"healthy text", `{"message":{"role":"assistant","model":"m","content":[{"type":"text","text":"done: 3 findings"}]}}`, true, VerdictHealthy, StateHealthy, ClassNone, "HEALTHY"},
		{"tool_use counts as content", `{"message":{"role":"assistant","model":"m","content":[{"type":"tool_use","name":"Read"}]}}`, true, VerdictHealthy, StateHealthy, ClassNone, "HEALTHY"},
		{"blank text is no content", `{"message":{"role":"assistant","model":"m","content":[{"type":"text","text":"   "}]}}`, true, VerdictDead, StateEmpty, ClassNone, "no content"},
		{"only garbage", "not json\n{broken\n\n", true, VerdictDead, StateEmpty, ClassNone, "no assistant record"},
		{"the last assistant record wins", `{"message":{"role":"assistant","model":"<synthetic>","content":"x"}}` + "\n" + `{"message":{"role":"assistant","model":"m","content":"ok"}}`, true, VerdictHealthy, StateHealthy, ClassNone, ""},
		{"unreadable is not dead", "", false, VerdictUnreadable, StateUnreadable, ClassNone, "NOT a witnessed death"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, d := ClassifyVerifyResult(ParseTranscript([]byte(c.transcript)), c.readable)
			if v.Token != c.token || d.State != c.state || d.Class != c.class || !strings.Contains(v.Why, c.why) {
				t.Fatalf("got %s %s %s %q", v.Token, d.State, d.Class, v.Why)
			}
		})
	}
}

func TestDeathClass_FirstMatchWins(t *testing.T) {
	n := func(i int) *int { return &i }
	cases := []struct {
		lead   string
		status *int
		want   string
	}{
		{"anything", n(429), ClassRateLimit},
		{"You are rate limited", nil, ClassRateLimit},
		{"authentication failed", n(500), ClassAuth}, // auth is checked before server
		{"claude-x is currently unavailable", nil, ClassModelUnavailable},
		{"the model is unavailable", nil, ClassModelUnavailable},
		{"Service unavailable for model", nil, ClassOther},
		{"claude-old has been withdrawn", nil, ClassModelUnavailable},
		{"your account was suspended by an admin", nil, ClassOther}, // account: not the model
		{"not available in your region", nil, ClassModelUnavailable},
		{"oops", n(500), ClassServer},
		{"a server-side failure", nil, ClassServer},
		{"you hit your weekly limit", nil, ClassUsageLimit},
		{"x", n(403), ClassUsageLimit},
		{"something else", nil, ClassOther},
	}
	for _, c := range cases {
		if got := DeathClass(c.lead, c.status); got != c.want {
			t.Errorf("DeathClass(%q) = %s, want %s", c.lead, got, c.want)
		}
	}
}

func TestParseTranscript_LeadIsBoundedTo400Characters(t *testing.T) {
	long := strings.Repeat("é", 500)
	tr := ParseTranscript([]byte(`{"message":{"role":"assistant","model":"m","content":[{"type":"text","text":"` + long + `"}]}}` + "\n"))
	if n := len([]rune(tr.Lead)); n != 400 || !tr.HasContent {
		t.Fatalf("lead has %d runes", n)
	}
	bad := ParseTranscript([]byte("{\"message\":{\"role\":\"assistant\",\"model\":\"m\",\"content\":\"ok \xff\"}}\n"))
	if !bad.HasContent {
		t.Fatal("a record with a bad byte was skipped instead of repaired")
	}
}
