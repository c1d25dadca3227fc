package pipes

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/cli"
	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/internal/version"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/notifiers"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

// notifyJob checks the shared flags, builds the driver and opens the
// journal: everything a notify run needs but its digest.
func notifyJob(a *cli.App, f *notifyFlags, kind string) (notifiers.Job, error) {
	var job notifiers.Job
	if f.notifier == "" {
		return job, cli.UsageErrorf("--notifier is required: one of %s", strings.Join(notifiers.Drivers().Names(), ", "))
	}
	repeat, err := config.ParseDuration(f.repeat)
	if err != nil || repeat <= 0 {
		return job, cli.UsageErrorf("--repeat-interval %q: use a positive duration like 90m, 4h or 1d", f.repeat)
	}
	if f.timeout <= 0 {
		return job, cli.UsageErrorf("--timeout %s: must be positive", f.timeout)
	}
	if f.url != "" && f.notifier != "webhook" && f.notifier != "alertmanager" {
		return job, cli.UsageErrorf("--url is for --notifier webhook or alertmanager; slack reads $%s or --webhook-url-file", notifiers.EnvSlackWebhookURL)
	}
	if f.notifier == "alertmanager" && kind != notifiers.KindDecisions {
		return job, cli.UsageErrorf("--notifier alertmanager takes decisions (one alert each): use notify decisions, or slack/webhook for notify top")
	}
	n, err := notifiers.Drivers().New(f.notifier, notifiers.Settings{
		Getenv: a.Getenv, ReadFile: os.ReadFile, Now: a.Now, Channel: f.channel, URL: f.url, Files: f.files,
		SlackAPIURL: f.slackAPI, Timeout: f.timeout, Max: f.max, UserAgent: version.Get().String(), Repeat: repeat,
	})
	if err != nil {
		return job, cli.WithCode(2, err)
	}
	r, err := a.ViewReader()
	if err != nil {
		return job, err
	}
	host, _ := os.Hostname()
	dir := a.Paths().Journal
	jo, err := a.JournalOptions() // keyed mode covers notify's records too
	if err != nil {
		return job, err
	}
	jo.Now = a.Now
	return notifiers.Job{Kind: kind, Notifier: n, Journal: r, JournalDir: dir,
		Writer: journal.NewWriter(dir, jo),
		Now:    a.Now(), Repeat: repeat, DryRun: f.dryRun, Source: vocab.SourceCLI, Host: host}, nil
}

// notifyOutput is the --json document: the result, and with --dry-run what
// would have been sent.
type notifyOutput struct {
	notifiers.Result
	Rendered string `json:"rendered,omitempty"`
}

// runNotify runs the job and reports: one line (or one JSON document) on
// stdout, the rendering on stdout for --dry-run, and the exit code.
func runNotify(a *cli.App, cmd *cobra.Command, f *notifyFlags, job notifiers.Job) error {
	var rendered bytes.Buffer
	job.DryRunOut = &rendered
	if w, ok := job.Writer.(*journal.Writer); ok {
		defer w.Close()
	}
	res, err := notifiers.Run(cli.CtxOr(cmd), job)
	if notifiers.IsConfig(err) {
		return cli.WithCode(2, err)
	}
	var se *notifiers.SendError
	var re *notifiers.RecordError
	if errors.Is(err, notifiers.ErrBusy) {
		return cli.WithCode(1, err)
	}
	if err != nil && !errors.As(err, &se) && !errors.As(err, &re) {
		return err // reading the journal, or writing the dry run
	}
	if res.BadLines > 0 {
		a.Warnf("%d journal lines could not be read while recalling what was sent; some decisions may be sent again", res.BadLines)
	}
	if a.JSON() {
		if jerr := a.PrintJSON(notifyOutput{Result: res, Rendered: rendered.String()}); jerr != nil {
			return jerr
		}
	} else if job.DryRun && !res.Nothing() {
		a.Stdout().Write(rendered.Bytes())
		fmt.Fprintln(a.Stderr(), "dos: dry run: "+notifyLine(res, a.Now()))
	} else if err == nil {
		fmt.Fprintln(a.Stdout(), notifyLine(res, a.Now()))
	}
	switch {
	case se != nil:
		return cli.WithCode(1, fmt.Errorf("%s: send failed: %w; nothing was recorded, the next run retries", res.Channel, err))
	case re != nil:
		return cli.WithCode(1, fmt.Errorf("%s: %w", res.Channel, err))
	}
	return nil
}

// notifyLine says what a run did in one line.
func notifyLine(r notifiers.Result, now time.Time) string {
	var b strings.Builder
	b.WriteString(r.Channel + ": ")
	verb, suffix := "sent", ""
	switch {
	case r.DryRun:
		verb = "would send"
	case r.Notifier == "null":
		verb, suffix = "marked", " as sent"
	}
	switch {
	case r.Nothing():
		b.WriteString("nothing new")
		if r.Kind == notifiers.KindTop {
			b.WriteString(" (what is running has not changed")
		} else {
			fmt.Fprintf(&b, " (%d open %s already sent", r.Quiet, pick(r.Quiet == 1, "decision", "decisions"))
		}
		if r.NextDue != nil {
			fmt.Fprintf(&b, "; next reminder in %s", viewtext.Age(r.NextDue.Sub(now)))
		}
		b.WriteString(")")
	case r.Kind == notifiers.KindTop:
		what := "posted"
		if r.Edited {
			what = "edited in place"
		}
		if r.DryRun {
			what = "would post"
		}
		fmt.Fprintf(&b, "top %s (%s; %d %s shown)", what, r.Why, r.Shown, pick(r.Shown == 1, "run", "runs"))
	default:
		n := r.Shown + r.More
		fmt.Fprintf(&b, "%s %d %s%s (%d new, %d changed, %d reminders)", verb, n, pick(n == 1, "decision", "decisions"), suffix, r.New, r.Changed, r.Reminders)
		if r.More > 0 {
			fmt.Fprintf(&b, ", %d of them in the \"and %d more\" line", r.More, r.More)
		}
		if r.Resolved > 0 {
			fmt.Fprintf(&b, "; %d resolved", r.Resolved)
		}
	}
	switch {
	case r.Seq > 0:
		fmt.Fprintf(&b, "; recorded at seq %d", r.Seq)
	case r.DryRun && !r.Nothing():
		b.WriteString("; nothing sent, nothing recorded")
	}
	return b.String()
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}
