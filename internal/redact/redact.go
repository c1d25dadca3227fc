// Package redact is the one redactor of dos's pipes: exporters and
// notifiers register every credential they hold (tokens, webhook URLs,
// signing secrets, OTLP headers, an endpoint's query) and pass every error
// message, rendering and response snippet through it before it reaches
// stderr, --json or a cursor file.
//
// A receiver may echo only part of a secret (the last path segment of a
// Slack webhook URL, the bearer token without "Bearer ", a query value
// percent-decoded), so each secret is registered in every meaningful part
// and form: the whole value, its path segments, user info and query
// values, each raw, percent-decoded and percent-encoded. Parts too short
// or too plain to be a credential on their own ("services", "v1") are
// left alone, so ordinary words are not shredded; the whole value is
// always registered.
package redact

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"unicode"
)

// Mask replaces every secret.
const Mask = "[redacted]"

// Redactor holds secrets to remove. The zero value redacts nothing; Add*
// must not run concurrently with String.
type Redactor struct {
	secrets []string // longest first, so a whole URL goes before its parts
}

// Add registers a secret value (a token, a signing secret) in its raw,
// percent-decoded and percent-encoded forms.
func (r *Redactor) Add(secret string) {
	secret = strings.TrimSpace(secret)
	if secret == "" {
		return
	}
	r.add(secret, true)
	if u, err := url.Parse(secret); err == nil && u.Scheme != "" && u.Host != "" {
		r.AddURL(secret)
	}
}

// AddURL registers a URL that is a credential, or carries one: the whole
// URL, its user name and password, every path segment and every query
// value that could be a credential on its own.
func (r *Redactor) AddURL(raw string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return
	}
	r.add(raw, true)
	u, err := url.Parse(raw)
	if err != nil {
		return
	}
	if u.User != nil {
		r.add(u.User.Username(), false)
		if p, ok := u.User.Password(); ok {
			r.add(p, true)
		}
	}
	r.add(u.RawQuery, false)
	r.add(u.EscapedPath(), false)
	for _, seg := range strings.Split(u.EscapedPath(), "/") {
		r.add(seg, false)
	}
	for _, vals := range u.Query() {
		for _, v := range vals {
			r.add(v, false)
		}
	}
	r.AddQuery(u.RawQuery)
}

// AddQuery registers the values of a raw query string.
func (r *Redactor) AddQuery(rawQuery string) {
	for _, kv := range strings.FieldsFunc(rawQuery, func(c rune) bool { return c == '&' || c == ';' }) {
		if _, v, ok := strings.Cut(kv, "="); ok {
			r.add(v, false)
		}
	}
}

// AddHeader registers a header value that is a credential: the whole value
// and each word of it, so "Bearer abc…" also removes "abc…" alone.
func (r *Redactor) AddHeader(value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	r.add(value, true)
	words := strings.Fields(value)
	if len(words) > 1 && strings.IndexFunc(words[0], func(c rune) bool { return !unicode.IsLetter(c) }) < 0 {
		words = words[1:] // the scheme ("Bearer", "Basic") is no secret
	}
	for _, w := range words {
		r.add(w, false)
	}
}

// add registers s and its encoded and decoded forms; a part (whole false)
// only when it could be a credential on its own.
func (r *Redactor) add(s string, whole bool) {
	if s == "" || !whole && !credentialLike(s) {
		return
	}
	forms := []string{s, url.PathEscape(s), url.QueryEscape(s)}
	for _, dec := range []func(string) (string, error){url.PathUnescape, url.QueryUnescape} {
		if d, err := dec(s); err == nil && d != s {
			forms = append(forms, d, url.PathEscape(d), url.QueryEscape(d))
		}
	}
	for _, f := range forms {
		if f != "" && (f == s || len(f) >= minPart) && !slices.Contains(r.secrets, f) {
			r.secrets = append(r.secrets, f)
		}
	}
	slices.SortStableFunc(r.secrets, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
}

// minPart is the shortest part of a secret registered on its own.
const minPart = 6

// credentialLike reports whether a part of a secret could be a credential
// by itself: at least minPart characters with a digit, an upper-case
// letter or a symbol in it, or 16 characters of anything. "services" or
// "hooks" are not; "T0A1B2C3", "xoxb-…" and a 24-character token are.
func credentialLike(s string) bool {
	if len(s) < minPart {
		return false
	}
	if len(s) >= 16 {
		return true
	}
	for _, c := range s {
		if unicode.IsDigit(c) || unicode.IsUpper(c) || !unicode.IsLetter(c) && c != '-' && c != '.' {
			return true
		}
	}
	return false
}

// Empty reports whether nothing is registered.
func (r *Redactor) Empty() bool { return r == nil || len(r.secrets) == 0 }

// String replaces every registered secret in s with Mask.
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	for _, x := range r.secrets {
		if strings.Contains(s, x) {
			s = strings.ReplaceAll(s, x, Mask)
		}
	}
	return s
}

// URL shows where a URL points without what it carries: scheme and host,
// with any user info, path and query replaced by Mask.
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return Mask
	}
	out := u.Scheme + "://" + u.Host
	if u.User != nil {
		out = u.Scheme + "://" + Mask + "@" + u.Host
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		out += "/" + Mask
	}
	return out
}

// Query returns u with every query value replaced by Mask, keys kept: how
// an endpoint whose query carries a token is shown and saved.
func Query(u *url.URL) *url.URL {
	if u.RawQuery == "" {
		return u
	}
	c := *u
	var parts []string
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, _, ok := strings.Cut(kv, "=")
		if ok {
			parts = append(parts, k+"="+Mask)
		} else {
			parts = append(parts, k)
		}
	}
	c.RawQuery = strings.Join(parts, "&")
	return &c
}
