package kernel

import "testing"

func TestResolveRunID_FlagOverEnvAndMalformedIsAnError(t *testing.T) {
	cases := []struct {
		flag, env, want string
		bad             bool
	}{
		{"", "", "", false},
		{runA, runB, runA, false},
		{"", runB, runB, false},
		{"nope", runB, "", true},
		{"", "01jd6z3y8t0000000000000a01x", "", true},
		{"", "not-a-ulid", "", true},
	}
	for _, c := range cases {
		got, err := ResolveRunID(c.flag, c.env)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("ResolveRunID(%q, %q) = %q, %v", c.flag, c.env, got, err)
		}
	}
}
