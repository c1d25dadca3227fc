package pipes

import (
	"fmt"
	"time"

	"github.com/dos-go/dos/exporters"
	"github.com/dos-go/dos/internal/cli"
	"github.com/dos-go/dos/internal/ui"
	"github.com/spf13/cobra"
)

func exportStatusCmd(a *cli.App) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show every export cursor: destination, seq, lag in records and time, last success",
		Long: `Show every cursor under <journal>/cursors/: where it exports to, the last
seq it delivered, how many records are waiting and how old the oldest of them
is, and when a batch was last acknowledged. A cursor the journal does not
back (its seq past the end, another record or another hash at its seq: the
journal was rewritten or the cursor edited) shows INVALID with the reason.
Exit 2 when a cursor file cannot be read or is INVALID (fix or delete it, or
export with --reset).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep, err := exporters.Status(cli.CtxOr(cmd), a.Paths().Journal, a.Now())
			if err != nil {
				return err
			}
			if a.JSON() {
				if err := a.PrintJSON(rep); err != nil {
					return err
				}
			} else {
				renderExportStatus(a, rep)
			}
			for _, c := range rep.Cursors {
				if c.Error != "" {
					return cli.WithCode(2, fmt.Errorf("cursor %s: %s", c.Name, c.Error))
				}
				if c.Invalid != "" {
					return cli.WithCode(2, fmt.Errorf("cursor %s is INVALID: %s", c.Name, c.Invalid))
				}
			}
			return nil
		},
	}
}

func renderExportStatus(a *cli.App, rep exporters.StatusReport) {
	if len(rep.Cursors) == 0 {
		fmt.Fprintf(a.Stdout(), "no export cursors yet in %s (journal at seq %d)\n", rep.Journal, rep.JournalSeq)
		return
	}
	o := a.Out()
	tw := ui.Table(a.Stdout())
	fmt.Fprintln(tw, "CURSOR\tDESTINATION\tSEQ\tLAG\tOLDEST WAITING\tLAST SUCCESS")
	for _, c := range rep.Cursors {
		if c.Error != "" {
			fmt.Fprintf(tw, "%s\t%s\t\t\t\t\n", c.Name, o.Paint(ui.Red, "unreadable"))
			continue
		}
		if c.Invalid != "" { // never LAG 0: the journal does not back this cursor
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", c.Name, ui.Safe(c.Destination), c.Seq, o.Paint(ui.Red, "INVALID"), "-", ui.Safe(c.Invalid))
			continue
		}
		lag := fmt.Sprintf("%d", c.LagRecords)
		if c.LagRecords > 0 {
			lag = o.Paint(ui.Yellow, lag)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", c.Name, c.Destination, c.Seq, lag,
			ago(c.LagSeconds, c.LagRecords > 0), since(a.Now(), c.LastSuccess))
	}
	tw.Flush()
	fmt.Fprintf(a.Stdout(), "journal at seq %d\n", rep.JournalSeq)
}

// ago renders the age of the oldest waiting record.
func ago(seconds float64, waiting bool) string {
	if !waiting {
		return "-"
	}
	return (time.Duration(seconds) * time.Second).Round(time.Second).String() + " ago"
}

func since(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339) + " (" + now.Sub(t).Round(time.Second).String() + " ago)"
}
