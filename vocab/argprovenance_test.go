package vocab

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestClassifyArgProvenance_Rules(t *testing.T) {
	arg := func(name, v string) ProvenanceArg { return ProvenanceArg{Name: name, Value: json.RawMessage(v)} }
	prior := []string{`{"number":"INC0010023","sys_id":"9d385017c611228701d22104cc95c371","caller":"ops@acme.com"}`}
	cases := []struct {
		name    string
		call    ProvenanceCall
		token   string
		reason  string
		stances string
	}{
		{"a minted incident number", ProvenanceCall{Tool: "update_incident", Args: []ProvenanceArg{arg("incident_id", `"INC0099999"`)}, Corpus: prior}, VerdictUnsupported, "untraced", "UNSUPPORTED"},
		{"the number it read", ProvenanceCall{Tool: "update_incident", Args: []ProvenanceArg{arg("incident_id", `"INC0010023"`)}, Corpus: prior}, VerdictBelieve, "traced", "SUPPORTED"},
		{"leading zeros stripped", ProvenanceCall{Tool: "update_incident", Args: []ProvenanceArg{arg("ticket", `10023`)}, Corpus: prior}, VerdictBelieve, "traced", "SUPPORTED"},
		{"no priors is the first call", ProvenanceCall{Tool: "update_incident", Args: []ProvenanceArg{arg("incident_id", `"INC0099999"`)}}, VerdictBelieve, "empty-corpus", "ABSTAIN"},
		{"a read is not gated", ProvenanceCall{Tool: "getIncident", Args: []ProvenanceArg{arg("incident_id", `"INC0099999"`)}, Corpus: prior}, VerdictBelieve, "non-mutating", "ABSTAIN"},
		{"--read wins over the name", ProvenanceCall{Tool: "delete_x", Read: true, Args: []ProvenanceArg{arg("id", `"X99999"`)}, Corpus: prior}, VerdictBelieve, "non-mutating", "ABSTAIN"},
		{"a new key is minted on purpose", ProvenanceCall{Tool: "create_ticket", NewKeys: []string{"id"}, Args: []ProvenanceArg{arg("id", `"T12345"`)}, Corpus: prior}, VerdictBelieve, "traced", "ABSTAIN"},
		{"free text, dates, bools and quantities are not ids", ProvenanceCall{Tool: "post_comment", Args: []ProvenanceArg{arg("body", `"fixed it"`), arg("when", `"2026-11-20"`), arg("ok", `true`), arg("count", `12345`), arg("v", `"1.2.3"`)}, Corpus: prior}, VerdictBelieve, "traced", "ABSTAIN,ABSTAIN,ABSTAIN,ABSTAIN,ABSTAIN"},
		{"a list with one minted leaf", ProvenanceCall{Tool: "link_records", Args: []ProvenanceArg{arg("ids", `["INC0010023","INC7777777"]`)}, Corpus: prior}, VerdictUnsupported, "untraced", "UNSUPPORTED"},
		{"a uuid-ish hex id read verbatim", ProvenanceCall{Tool: "assign", Args: []ProvenanceArg{arg("sys_id", `"9D385017C611228701D22104CC95C371"`)}, Corpus: prior}, VerdictBelieve, "traced", "SUPPORTED"},
		{"an email on a domain it read", ProvenanceCall{Tool: "send_mail", Args: []ProvenanceArg{arg("to", `"x@acme.com"`)}, Corpus: prior}, VerdictBelieve, "traced", "SUPPORTED"},
		{"an email on a domain it never read", ProvenanceCall{Tool: "send_mail", Args: []ProvenanceArg{arg("to", `"x@evil.io"`)}, Corpus: prior}, VerdictUnsupported, "untraced", "UNSUPPORTED"},
		{"a short id under an id name", ProvenanceCall{Tool: "update_user", Args: []ProvenanceArg{arg("user_id", `"77"`)}, Corpus: prior}, VerdictUnsupported, "untraced", "UNSUPPORTED"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, d, ss := ClassifyArgProvenance(c.call)
			var got []string
			for _, s := range ss {
				got = append(got, s.Stance)
			}
			if v.Token != c.token || d.Reason != c.reason || strings.Join(got, ",") != c.stances {
				t.Fatalf("got %s %s %v\n%s", v.Token, d.Reason, got, v.Why)
			}
			if strings.Contains(string(mustJSON(d)), "INC0099999") {
				t.Fatal("the detail holds an argument value")
			}
		})
	}
}

func TestMutating(t *testing.T) {
	for tool, want := range map[string]bool{"update_incident": true, "Create-Ticket": true, "jira.issue.assign": true, "deleteAll": true,
		"get_incident": false, "search": false, "list_users": false, "readme": false, "setup": true} {
		if Mutating(tool) != want {
			t.Errorf("Mutating(%q) != %v", tool, want)
		}
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
