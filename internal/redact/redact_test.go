package redact

import (
	"net/url"
	"strings"
	"testing"
)

func TestRedactor_RemovesEveryMeaningfulPartOfASecret(t *testing.T) {
	const hook = "https://hooks.slack.com/services/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"
	const tokURL = "https://otlp.example.com/v1/logs?api_key=s3cr%2Bt%2Fvalue%3D%3D&region=eu"
	var r Redactor
	r.AddURL(hook)
	r.AddURL(tokURL)
	r.AddHeader("Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig")
	r.AddHeader("k-7f3a9c2e51d04b6f")
	r.Add("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	for _, c := range []struct{ name, in string }{
		{"the whole webhook URL", "post " + hook + " failed"},
		{"its last path segment alone (an echoed token)", "no_team: xQ9vZr2LmN8pKd4sWt6yUc1e"},
		{"its path without the host", "POST /services/T0AAAAAAA/B0BBBBBBB/xQ9vZr2LmN8pKd4sWt6yUc1e 404"},
		{"a query value as sent", "bad key s3cr%2Bt%2Fvalue%3D%3D"},
		{"a query value percent-decoded", "bad key s3cr+t/value=="},
		{"the bearer token without its scheme", "echo: authorization=eyJhbGciOiJIUzI1NiJ9.payload.sig"},
		{"the bearer header whole", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"},
		{"an x-api-key value", "x-api-key: k-7f3a9c2e51d04b6f"},
		{"a signing secret", "secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
		{"a signing secret query-escaped", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
	} {
		got := r.String(c.in)
		for _, s := range []string{"xQ9vZr2LmN8pKd4sWt6yUc1e", "s3cr", "eyJhbGciOiJIUzI1NiJ9", "k-7f3a9c2e51d04b6f", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"} {
			if strings.Contains(got, s) {
				t.Errorf("%s: %q still holds %q", c.name, got, s)
			}
		}
		if !strings.Contains(got, Mask) {
			t.Errorf("%s: %q was not redacted", c.name, got)
		}
	}
	// ordinary words that happen to be parts of the URL survive
	if got := r.String("the services in region eu refused: Bearer token expired"); got != "the services in region eu refused: Bearer token expired" {
		t.Errorf("ordinary text shredded: %q", got)
	}
}

func TestURLAndQuery_ShowWhereNotWhat(t *testing.T) {
	if got := URL("https://user:pw@hooks.example.com/T1/B2/xyz?k=v"); got != "https://[redacted]@hooks.example.com/[redacted]" {
		t.Errorf("URL = %q", got)
	}
	u, _ := url.Parse("https://otlp.example.com/v1/logs?api_key=abc123&debug")
	if got := Query(u).String(); got != "https://otlp.example.com/v1/logs?api_key=[redacted]&debug" {
		t.Errorf("Query = %q", got)
	}
	var nilR *Redactor
	if nilR.String("x") != "x" || !nilR.Empty() {
		t.Error("a nil redactor must pass text through")
	}
}
