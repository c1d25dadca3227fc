package notifiers

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
)

// Environment variables secrets are read from.
const (
	EnvSlackWebhookURL = "SLACK_WEBHOOK_URL"
	EnvSlackBotToken   = "SLACK_BOT_TOKEN"
	EnvWebhookURL      = "DOS_WEBHOOK_URL"
	EnvWebhookSecret   = "DOS_WEBHOOK_SECRET"
)

// SecretFiles are the --*-file flags: each file's content (trailing
// whitespace trimmed) wins over its environment variable.
type SecretFiles struct {
	WebhookURL string // --webhook-url-file: SLACK_WEBHOOK_URL or DOS_WEBHOOK_URL, by driver
	Token      string // --token-file: SLACK_BOT_TOKEN
	Secret     string // --secret-file: DOS_WEBHOOK_SECRET
}

// secret is one credential and where it came from ("SLACK_BOT_TOKEN" or
// "--token-file"), the only thing ever said about it.
type secret struct {
	value string
	from  string
}

// readSecret takes a secret from file (when given) or the environment.
// Errors name the flag or variable, never the content.
func readSecret(s Settings, file, flag, env string) (secret, error) {
	if file != "" {
		read := s.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		b, err := read(file)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return secret{}, configErrorf("%s %s: %v", flag, file, err)
		}
		v := strings.TrimSpace(string(b))
		if v == "" {
			return secret{}, configErrorf("%s %s: the file is empty", flag, file)
		}
		return secret{value: v, from: flag}, nil
	}
	return secret{value: strings.TrimSpace(s.getenv(env)), from: env}, nil
}

// redactor removes secrets from anything that leaves a driver: error
// messages, renderings, response snippets.
type redactor struct{ secrets []string }

// add registers a secret and the forms it can appear in: as given,
// escaped for a path or a query, and, for a URL, its path, query and
// password on their own.
func (r *redactor) add(s string) {
	if s == "" {
		return
	}
	forms := []string{s, url.PathEscape(s), url.QueryEscape(s)}
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		forms = append(forms, u.EscapedPath(), u.Path, u.RawQuery)
		if p, ok := u.User.Password(); ok {
			forms = append(forms, p)
		}
		if u.User != nil {
			forms = append(forms, u.User.Username())
		}
	}
	for _, f := range forms {
		// short fragments ("/", "x") would shred ordinary text; the whole
		// secret is always registered above
		if len(f) >= 6 || f == s {
			r.secrets = append(r.secrets, f)
		}
	}
}

// String replaces every registered secret in s with [redacted].
func (r redactor) String(s string) string {
	for _, x := range r.secrets {
		s = strings.ReplaceAll(s, x, "[redacted]")
	}
	return s
}

// RedactURL shows where a URL points without what it carries: scheme and
// host, with any user info, path and query replaced.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "[redacted]"
	}
	out := u.Scheme + "://" + u.Host
	if u.User != nil {
		out = u.Scheme + "://[redacted]@" + u.Host
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		out += "/[redacted]"
	}
	return out
}

// ConfigError is a usage or configuration problem: nothing was sent.
type ConfigError struct{ msg string }

func (e *ConfigError) Error() string { return e.msg }

func configErrorf(format string, args ...any) error {
	return &ConfigError{msg: fmt.Sprintf(format, args...)}
}

// IsConfig reports whether err is a configuration error (exit 2).
func IsConfig(err error) bool {
	var ce *ConfigError
	return errors.As(err, &ce)
}
