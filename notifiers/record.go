package notifiers

import (
	"time"

	"github.com/dos-go/dos/journal"
)

// Syscall names of the notify records (kind notify). The kernel's
// vocabulary has none for notify; they live with the only writer.
const (
	SysNotifyDecisions = "notify.decisions"
	SysNotifyTop       = "notify.top"
)

// syscallOf maps a digest kind to its record's syscall.
func syscallOf(kind string) string {
	if kind == KindTop {
		return SysNotifyTop
	}
	return SysNotifyDecisions
}

// MaxRemembered bounds the decisions one notify record lists; past it the
// rest are not remembered and are announced again by the next run.
const MaxRemembered = 1000

// Detail is a notify record's detail: what one channel was told, appended
// only after the backend confirmed it. It names the driver and the channel
// label, never a URL, token or secret, and holds ids, hashes and tokens,
// never a decision's text.
type Detail struct {
	Notifier string `json:"notifier"`
	Channel  string `json:"channel"`
	GroupKey string `json:"group_key"`
	EventID  string `json:"event_id"`
	// Delivered are the decisions announced: those shown and those the cap
	// only counted (Shown false).
	Delivered []DeliveredRef `json:"delivered,omitempty"`
	// Resolved are ids announced as resolved (including those only counted).
	Resolved []string `json:"resolved,omitempty"`
	// Fingerprint is a top digest's content hash.
	Fingerprint string `json:"fingerprint,omitempty"`
	// TS and SlackChannel name the Slack message posted or edited (bot
	// token), so the next top can edit it in place; Edited says it was.
	TS           string `json:"ts,omitempty"`
	SlackChannel string `json:"slack_channel,omitempty"`
	Edited       bool   `json:"edited,omitempty"`
	// Attempts is how many requests the delivery took (retries included).
	Attempts int `json:"attempts"`
}

// DeliveredRef is one decision as a notify record remembers it.
type DeliveredRef struct {
	ID          string    `json:"id"`
	Revision    string    `json:"rev"`
	Fingerprint string    `json:"fp"`
	Kind        string    `json:"kind"`
	RunID       string    `json:"run_id,omitempty"`
	Created     time.Time `json:"created"`
	Shown       bool      `json:"shown"`
	// Resolver, Urgency and Lane are what an Alertmanager alert was
	// labelled with, so its resolution carries the same labels.
	Resolver string `json:"resolver,omitempty"`
	Urgency  string `json:"urgency,omitempty"`
	Lane     string `json:"lane,omitempty"`
}

// newRecord is the notify record for a confirmed delivery.
func newRecord(kind, channel, source, host string, d Detail) (journal.Record, error) {
	det, err := journal.NewDetail(d)
	if err != nil {
		return journal.Record{}, err
	}
	return journal.Record{Kind: journal.KindNotify, Syscall: syscallOf(kind), Subject: channel,
		Source: source, Host: host, Detail: det}, nil
}
