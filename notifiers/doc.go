// Package notifiers posts digests of the decision queue (and of what is
// running) to Slack and webhooks: the Notifier interface and its drivers
// (slack, webhook, alertmanager, null), the pure digest builder they share, and the
// dedup memory folded from the journal's own notify records.
//
// # One run
//
//	journal ──fold──▶ DecisionQueue ─┐
//	journal ──Recall──▶ Memory ──────┴─▶ PlanDecisions ─▶ BuildDecisions ─▶ Message
//	                                                                         │
//	             driver.Send ◀───────────────────────────────────────────────┘
//	                  │ confirmed
//	                  ▼
//	  append one notify record (kind notify, syscall notify.decisions|notify.top)
//
// Planning, digest building and the wire mappings (SlackMessage,
// WebhookPayload) are pure; Run and the drivers' Send are the edge.
//
// # Dedup
//
// A decision is announced to a channel when the channel has not been told
// about it, when its Fingerprint changed (kind, resolver, urgency, title,
// run, lane, command, and the reason without its numbers), or when the
// repeat interval passed since it was last told. A remembered decision no
// longer in the queue is announced as resolved once. Memory is the notify
// records of the channel from the last two repeat intervals: an older
// record could only say "told long ago", and a decision told that long ago
// is due again anyway. A notify record is appended only after the backend
// confirmed the message; a failed send leaves nothing, so the next run
// tries again.
//
// # The notify record's detail
//
//	+---------------+----------+-------------------------------------------+
//	| member        | type     | meaning                                   |
//	+---------------+----------+-------------------------------------------+
//	| notifier      | string   | slack | webhook | null                     |
//	| channel       | string   | the channel label, also the subject       |
//	|               |          | ("slack:#ops", "webhook:default")         |
//	| group_key     | string   | kind + "/" + 12 hex of the journal and    |
//	|               |          | channel                                   |
//	| event_id      | string   | the message's id (same across retries)    |
//	| delivered     | [object] | decisions: id, rev, fp, kind, run_id,     |
//	|               |          | created, shown (false: only counted by    |
//	|               |          | the "and N more" line), resolver, urgency,|
//	|               |          | lane (an Alertmanager alert's labels)     |
//	| resolved      | [string] | decision ids announced as resolved        |
//	| fingerprint   | string   | top: the digest's content hash            |
//	| ts            | string   | Slack bot token: the message's ts, and    |
//	| slack_channel | string   | its channel id, to edit a top in place or |
//	|               |          | thread a decision's resolution under it   |
//	| edited        | bool     | the previous message was edited           |
//	| attempts      | int      | requests the delivery took                |
//	+---------------+----------+-------------------------------------------+
//
// No URL, token or secret and no decision text is ever written.
//
// # Secrets
//
// Tokens, webhook URLs (a Slack incoming webhook URL is a credential) and
// the signing secret come only from the environment or --*-file flags.
// Each driver registers them with internal/redact (every meaningful part:
// path segments, query values, header words, each encoded and decoded),
// which every error message and rendering passes through, and transport
// errors are reported without the URL they were for.
package notifiers
