package vocab

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// verify-result: did a worker's harness die mid-task? Only the transcript's
// terminal record — written by the harness, not by the agent's claims —
// answers.

// Transcript states (detail `state`).
const (
	StateHealthy    = "HEALTHY"
	StateSynthetic  = "SYNTHETIC"
	StateEmpty      = "EMPTY"
	StateUnreadable = "UNREADABLE"
)

// Death classes of a SYNTHETIC terminal (detail `class`): a detail, never
// used to decide. NONE for every other state.
const (
	ClassRateLimit        = "RATE_LIMIT"
	ClassAuth             = "AUTH"
	ClassModelUnavailable = "MODEL_UNAVAILABLE"
	ClassServer           = "SERVER"
	ClassUsageLimit       = "USAGE_LIMIT"
	ClassOther            = "OTHER"
	ClassNone             = "NONE"
)

// Terminal is what a transcript's last assistant record says.
type Terminal struct {
	Found      bool   // some record has message.role == "assistant"
	Model      string // message.model
	StopReason string // stop_reason (top level or in message)
	APIError   bool   // isApiErrorMessage
	APIStatus  *int   // apiErrorStatus, an int or a digit string
	HasContent bool   // non-blank text, or a tool_use/tool_result/thinking/image block
	Lead       string // the first non-blank text block, at most 400 characters
}

// ParseTranscript finds the terminal record of a JSONL transcript. Bad
// UTF-8 is replaced, blank lines and lines that are not JSON objects are
// skipped; the last record whose message.role is "assistant" wins.
func ParseTranscript(data []byte) Terminal {
	var t Terminal
	for _, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		if !utf8.Valid(line) {
			line = bytes.ToValidUTF8(line, []byte("\uFFFD"))
		}
		var rec struct {
			Message *struct {
				Role       string          `json:"role"`
				Model      string          `json:"model"`
				StopReason string          `json:"stop_reason"`
				Content    json.RawMessage `json:"content"`
			} `json:"message"`
			StopReason string          `json:"stop_reason"`
			APIError   bool            `json:"isApiErrorMessage"`
			APIStatus  json.RawMessage `json:"apiErrorStatus"`
		}
		if json.Unmarshal(line, &rec) != nil || rec.Message == nil || rec.Message.Role != "assistant" {
			continue
		}
		t = Terminal{Found: true, Model: rec.Message.Model, StopReason: rec.StopReason, APIError: rec.APIError}
		if t.StopReason == "" {
			t.StopReason = rec.Message.StopReason
		}
		t.APIStatus = apiStatus(rec.APIStatus)
		t.HasContent, t.Lead = content(rec.Message.Content)
	}
	return t
}

func apiStatus(raw json.RawMessage) *int {
	var n int
	if json.Unmarshal(raw, &n) == nil && len(raw) > 0 && raw[0] != '"' {
		return &n
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" && strings.Trim(s, "0123456789") == "" {
		if v, err := strconv.Atoi(s); err == nil {
			return &v
		}
	}
	return nil
}

func content(raw json.RawMessage) (bool, string) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		s = strings.TrimSpace(s)
		return s != "", firstRunes(s, 400)
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &blocks) != nil {
		return false, ""
	}
	has, lead := false, ""
	for _, b := range blocks {
		switch b.Type {
		case "text":
			if t := strings.TrimSpace(b.Text); t != "" {
				has = true
				if lead == "" {
					lead = firstRunes(t, 400)
				}
			}
		case "tool_use", "tool_result", "thinking", "image":
			has = true
		}
	}
	return has, lead
}

func firstRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// VerifyResultDetail is verify-result's detail. The transcript's text is
// never kept: only its state, death class and API status.
type VerifyResultDetail struct {
	State     string `json:"state"`                // HEALTHY | SYNTHETIC | EMPTY | UNREADABLE
	Class     string `json:"class"`                // death class, NONE unless SYNTHETIC
	APIStatus *int   `json:"api_status,omitempty"` // apiErrorStatus when given
	Bytes     int64  `json:"bytes_read"`           // bytes of the transcript's tail read
	Reason    string `json:"reason"`               // the state, lower-cased: healthy | synthetic | empty | unreadable
}

// suspendedShape is compiled on first use, never at start: most dos
// processes never classify a death.
var suspendedShape = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(is|was|has been) (suspended|disabled by|withdrawn|blocked by)`)
})

// DeathClass names why a SYNTHETIC terminal died, from its leading text
// and API status; first match wins.
func DeathClass(lead string, status *int) string {
	t := strings.ToLower(lead)
	is := func(n int) bool { return status != nil && *status == n }
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(t, s) {
				return true
			}
		}
		return false
	}
	switch {
	case is(429) || has("rate limited"):
		return ClassRateLimit
	case is(401) || has("authentication"):
		return ClassAuth
	case has("is currently unavailable"),
		has("unavailable") && has("model") && !has("service unavailable"),
		suspendedShape().MatchString(t) && !has("account", "service", "organization", "subscription", "billing", "workspace", "session", "team", "plan"),
		has("not available in your region", "unavailable in your region"):
		return ClassModelUnavailable
	case is(500) || has("internal server error", "server-side"):
		return ClassServer
	case is(403) || has("weekly limit", "session limit", "out of extra usage", "disabled claude", "usage limit"):
		return ClassUsageLimit
	}
	return ClassOther
}

// ClassifyVerifyResult decides the state of a transcript read (readable
// false: it could not be read): UNREADABLE is not a death; a harness-
// authored terminal (model "<synthetic>" or isApiErrorMessage) is DEAD
// SYNTHETIC; no assistant record or one with no content is DEAD EMPTY;
// otherwise HEALTHY.
func ClassifyVerifyResult(t Terminal, readable bool) (Verdict, VerifyResultDetail) {
	d := VerifyResultDetail{Class: ClassNone, APIStatus: t.APIStatus}
	var v Verdict
	switch {
	case !readable:
		d.State = StateUnreadable
		v = Verdictf(VerdictUnreadable, "unreadable", "UNREADABLE — the transcript cannot be read; this is NOT a witnessed death (treat the worker as unaccounted, not dead)")
	case t.Found && (t.Model == "<synthetic>" || t.APIError):
		d.State, d.Class = StateSynthetic, DeathClass(t.Lead, t.APIStatus)
		marker := "model=<synthetic>"
		if t.Model != "<synthetic>" {
			marker = "isApiErrorMessage=true"
		}
		if t.StopReason == "stop_sequence" {
			marker += " + stop_reason=stop_sequence"
		}
		head := StateSynthetic
		if t.APIStatus != nil {
			marker += fmt.Sprintf(" apiErrorStatus=%d", *t.APIStatus)
			head += fmt.Sprintf(" apiErrorStatus=%d", *t.APIStatus)
		}
		head += " class=" + d.Class
		v = Verdictf(VerdictDead, "synthetic", "%s — harness-authored terminal (%s) — the result is a %s error string, not a finding; route to DEAD and do not fold", head, marker, d.Class)
	case !t.Found || !t.HasContent:
		d.State = StateEmpty
		what := "no assistant record"
		if t.Found {
			what = "the last assistant record has no content"
		}
		v = Verdictf(VerdictDead, "empty", "EMPTY — %s: the worker returned nothing; route to DEAD and do not fold", what)
	default:
		d.State = StateHealthy
		v = Verdictf(VerdictHealthy, "healthy", "HEALTHY — the terminal is a real assistant record with content; fold it")
	}
	d.Reason = v.Reason
	return v, d
}
