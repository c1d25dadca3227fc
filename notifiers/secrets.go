package notifiers

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/dos-go/dos/internal/redact"
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
// messages, renderings, response snippets. It is the pipes' one redactor.
type redactor = redact.Redactor

// RedactURL shows where a URL points without what it carries: scheme and
// host, with any user info, path and query replaced.
func RedactURL(raw string) string { return redact.URL(raw) }

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
