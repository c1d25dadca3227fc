package notifiers

import (
	"context"
	"io"
)

// nullNotifier delivers nothing and confirms everything: `--notifier null`
// marks the current queue as told (muting it until it changes or the
// repeat interval passes), and previews the digest with --dry-run.
type nullNotifier struct {
	channel string
	max     int
}

func newNull(s Settings) (Notifier, error) {
	max, err := s.max(DefaultMax, MaxRemembered, "null")
	if err != nil {
		return nil, err
	}
	return &nullNotifier{channel: s.label("null"), max: max}, nil
}

func (n *nullNotifier) Name() string    { return "null" }
func (n *nullNotifier) Channel() string { return n.channel }
func (n *nullNotifier) Max() int        { return n.max }

func (n *nullNotifier) Send(context.Context, Message) (Receipt, error) {
	return Receipt{Attempts: 1}, nil
}

func (n *nullNotifier) Render(w io.Writer, m Message) error {
	_, err := io.WriteString(w, m.Text())
	return err
}
