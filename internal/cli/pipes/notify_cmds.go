package pipes

import (
	"cmp"
	"time"

	"github.com/dos-go/dos/internal/cli"
	"github.com/dos-go/dos/notifiers"
	"github.com/dos-go/dos/projections"
	"github.com/spf13/cobra"
)

// notifyFlags are the flags every notify command shares.
type notifyFlags struct {
	notifier, channel, repeat string
	dryRun                    bool
	timeout                   time.Duration
	max                       int
	url, slackAPI             string
	files                     notifiers.SecretFiles
}

// addNotifyCommands registers dos notify decisions and dos notify top.
func addNotifyCommands(root *cobra.Command, a *cli.App) {
	f := &notifyFlags{}
	cmd := &cobra.Command{
		Use:     "notify decisions|top --notifier slack|webhook|alertmanager|null",
		Short:   "Post the decision queue (or what is running) to Slack or a webhook, once per change (cron-safe)",
		GroupID: cli.GroupPipes,
		Long: `notify posts a digest to a channel and remembers what it said in the journal
itself (a notify record, appended only after the backend confirmed), so a cron
job every few minutes pages once per thing, not once per tick:

  - a decision is sent when the channel has not been told about it, when what
    it says changed (resolver, urgency, title, command, the reason's wording),
    or when --repeat-interval (default 4h) passed since it was last sent;
  - a decision that left the queue is announced as resolved once;
  - many decisions become one message: --max of them and an "and N more" line.

Drivers:
  slack    Block Kit via an incoming webhook ($SLACK_WEBHOOK_URL or
           --webhook-url-file) or a bot token ($SLACK_BOT_TOKEN or --token-file)
           with --channel; with a bot token, notify top edits its last message.
  webhook  JSON (schemas/webhook-payload.schema.json) POSTed to --url or
           $DOS_WEBHOOK_URL / --webhook-url-file, signed with HMAC-SHA256 when
           $DOS_WEBHOOK_SECRET or --secret-file is set (docs/WEBHOOKS.md).
  alertmanager  each decision as one Prometheus Alertmanager alert (POST
           /api/v2/alerts to --url or $DOS_ALERTMANAGER_URL; labels alertname=DosDecision,
           decision_id, kind, resolver, urgency, lane, run_id; annotations title,
           reason, command), resolved with endsAt: Alertmanager's routes,
           silences, inhibition and receivers (PagerDuty, Opsgenie, email) apply.
  null     sends nothing and records the queue as told: mutes what is open now.

Secrets come only from the environment or the --*-file flags and are never
printed, not even by --dry-run. Agent-written text is escaped so it cannot
mention @channel or smuggle a link.

Exit 0: delivered, or nothing new. Exit 1: the send failed (nothing recorded;
the next run retries). Exit 2: usage or configuration error; nothing sent.`,
		Args: cobra.ArbitraryArgs,
		RunE: cli.ParentRunE,
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.notifier, "notifier", "", "driver: slack, webhook, alertmanager or null (required)")
	cli.CompleteValues(cmd, "notifier", "slack", "webhook", "alertmanager", "null")
	pf.StringVar(&f.channel, "channel", "", "slack bot token: the channel to post in; otherwise a name for this destination in the journal")
	pf.StringVar(&f.repeat, "repeat-interval", "4h", "re-send an unchanged open decision after this long (e.g. 90m, 4h, 1d)")
	pf.BoolVar(&f.dryRun, "dry-run", false, "print what would be sent (secrets redacted); send and record nothing")
	cli.DurationVar(pf, &f.timeout, "timeout", notifiers.DefaultTimeout, "timeout of each HTTP request (429 and 5xx are retried a few times)")
	pf.IntVar(&f.max, "max", 0, "decisions (or runs) per message before the \"and N more\" line (default 10; webhook 50)")
	pf.StringVar(&f.url, "url", "", "webhook: where to POST; alertmanager: its base URL (a URL without credentials; otherwise $DOS_WEBHOOK_URL / $DOS_ALERTMANAGER_URL)")
	pf.StringVar(&f.files.WebhookURL, "webhook-url-file", "", "read the webhook URL (slack or webhook) from this file")
	pf.StringVar(&f.files.Token, "token-file", "", "slack: read the bot token from this file")
	pf.StringVar(&f.files.Secret, "secret-file", "", "webhook: read the signing secret from this file")
	pf.StringVar(&f.slackAPI, "slack-api-url", "", "slack: Web API base URL (tests and proxies)")
	_ = pf.MarkHidden("slack-api-url")
	for _, c := range []*cobra.Command{notifyDecisionsCmd(a, f), notifyTopCmd(a, f)} {
		cli.AddNowFlag(c, a)
		cmd.AddCommand(c)
	}
	root.AddCommand(cmd)
}

func notifyDecisionsCmd(a *cli.App, f *notifyFlags) *cobra.Command {
	var resolver, window string
	var all bool
	cmd := &cobra.Command{
		Use:   "decisions",
		Short: "Post new, changed and due decisions (and resolved ones) as one digest",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			job, err := notifyJob(a, f, notifiers.KindDecisions)
			if err != nil {
				return err
			}
			o := projections.DecisionOptions{Now: job.Now, All: all}
			if job.Resolver, o.Window, err = cli.DecisionFlags(resolver, window); err != nil {
				return err
			}
			if !all {
				job.WindowStart = job.Now.Add(-cmp.Or(o.Window, projections.DefaultDecisionWindow))
			}
			if job.Queue, err = projections.Decisions(cli.CtxOr(cmd), job.Journal, o); err != nil {
				return err
			}
			return runNotify(a, cmd, f, job)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&resolver, "resolver", "", "only ORACLE, JUDGE or HUMAN decisions")
	fl.BoolVar(&all, "all", false, "every open decision, however old")
	fl.StringVar(&window, "window", "", "how far back decisions are looked for (default 7d)")
	return cmd
}

func notifyTopCmd(a *cli.App, f *notifyFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "top",
		Short: "Post what is running (open runs, liveness, held lanes) when it changes; a Slack bot token edits the last post",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			job, err := notifyJob(a, f, notifiers.KindTop)
			if err != nil {
				return err
			}
			p := a.Paths()
			job.Frame, _, err = projections.Top(cli.CtxOr(cmd), job.Journal, a.ViewGit(),
				projections.TopOptions{Now: job.Now, Workspace: p.Workspace, Journal: p.Journal})
			if err != nil {
				return err
			}
			return runNotify(a, cmd, f, job)
		},
	}
}
