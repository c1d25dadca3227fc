package vocab

import "testing"

func TestParseUsage_BothShapesAndRefusals(t *testing.T) {
	cases := []struct {
		name   string
		doc    string
		shape  string
		tokens int64
		bad    bool
	}{
		{"additive sums every part", `{"input_tokens":100,"output_tokens":50,"cache_read_input_tokens":1000,"cache_creation_input_tokens":20}`, "additive", 1170, false},
		{"additive with only input/output", `{"input_tokens":10,"output_tokens":5,"service_tier":"standard"}`, "additive", 15, false},
		{"additive wrapped in a response", `{"id":"msg_1","usage":{"input_tokens":7,"output_tokens":3}}`, "additive", 10, false},
		{"inclusive counts prompt+completion once", `{"prompt_tokens":1000,"completion_tokens":200,"total_tokens":1200,"prompt_tokens_details":{"cached_tokens":800},"completion_tokens_details":{"reasoning_tokens":150}}`, "inclusive", 1200, false},
		{"inclusive without total", `{"prompt_tokens":10,"completion_tokens":2}`, "inclusive", 12, false},
		{"inclusive with null details", `{"prompt_tokens":10,"completion_tokens":2,"prompt_tokens_details":null}`, "inclusive", 12, false},
		{"mixed shapes", `{"input_tokens":10,"prompt_tokens":10}`, "", 0, true},
		{"total disagrees", `{"prompt_tokens":10,"completion_tokens":2,"total_tokens":13}`, "", 0, true},
		{"cached exceeds prompt", `{"prompt_tokens":10,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":11}}`, "", 0, true},
		{"reasoning exceeds completion", `{"prompt_tokens":10,"completion_tokens":2,"completion_tokens_details":{"reasoning_tokens":3}}`, "", 0, true},
		{"negative count", `{"input_tokens":-1,"output_tokens":2}`, "", 0, true},
		{"fractional count", `{"input_tokens":1.5}`, "", 0, true},
		{"string count", `{"input_tokens":"12"}`, "", 0, true},
		{"neither shape", `{"tokens":12}`, "", 0, true},
		{"not an object", `[1,2]`, "", 0, true},
		{"not JSON", `input_tokens=3`, "", 0, true},
	}
	for _, c := range cases {
		u, err := ParseUsage([]byte(c.doc))
		if c.bad {
			if err == nil {
				t.Errorf("%s: accepted as %+v", c.name, u)
			}
			continue
		}
		if err != nil || u.Shape != c.shape || u.Tokens != c.tokens {
			t.Errorf("%s: %+v %v, want %s %d", c.name, u, err, c.shape, c.tokens)
		}
	}
}
