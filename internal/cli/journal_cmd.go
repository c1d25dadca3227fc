package cli

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/spf13/cobra"
)

func journalCmd(a *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "journal",
		Short:   "Read, check and prune the journal (there is no verb to append: only verdicts write)",
		GroupID: GroupJournal,
		Args:    cobra.ArbitraryArgs,
		RunE:    ParentRunE,
	}
	cmd.AddCommand(journalTailCmd(a), journalCatCmd(a), journalSeqCmd(a), journalStatsCmd(a), journalVerifyCmd(a), journalRepairCmd(a), journalPruneCmd(a), journalKeyCmd(a))
	return cmd
}

func journalTailCmd(a *App) *cobra.Command {
	var n int
	var follow bool
	var interval time.Duration
	cmd := &cobra.Command{
		Use:   "tail",
		Short: "Print the last records, and with --follow every new one as it lands",
		Long: `Print the last -n records, and with --follow every new one as it lands,
until Ctrl-C. With --json the output is JSON Lines: each record's own
journal line, one per line, not one document.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 0 {
				return UsageErrorf("-n %d: must be 0 or more", n)
			}
			dir := a.Paths().Journal
			j, ok, err := a.OpenJournal()
			if err != nil {
				return err
			}
			from := uint64(1)
			if ok {
				last, err := j.LastGoodSeq() // the bad lines after it are reported in order
				if err != nil {
					return err
				}
				from = last + 1 - min(uint64(n), last)
			}
			if !follow {
				if !ok {
					return nil
				}
				return a.printRecords(j.Scan(cmd.Context(), journal.Query{From: from}), true)
			}
			return a.printRecords(journal.At(dir).Follow(cmd.Context(), from, interval), !ok || n > 0)
		},
	}
	cmd.Flags().IntVarP(&n, "lines", "n", 10, "how many of the last records to print")
	cmd.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing records as they are appended, until Ctrl-C")
	DurationVar(cmd.Flags(), &interval, "interval", 250*time.Millisecond, "how often --follow polls")
	return cmd
}

func journalCatCmd(a *App) *cobra.Command {
	var since, until string
	cmd := &cobra.Command{
		Use:   "cat",
		Short: "Print records in seq order, optionally between --since and --until",
		Long: `Print records in seq order. --since and --until take a seq (1234), a time
(2026-11-20T09:00:00Z, or 2026-11-20 for midnight UTC) or an age before now
(90m, 36h, 7d); --since is inclusive, --until inclusive for a seq and
exclusive for a time. With --json the output is JSON Lines: each record's
own journal line, one per line, not one document.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w, err := a.Window(since, until)
			if err != nil {
				return err
			}
			j, ok, err := a.OpenJournal()
			if err != nil || !ok {
				return err
			}
			q, empty, err := w.Query(CtxOr(cmd), j)
			if err != nil || empty {
				return err
			}
			return a.printRecords(window(j.Scan(cmd.Context(), q), w), true)
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "first record: a seq, a time or an age (7d)")
	cmd.Flags().StringVar(&until, "until", "", "last record: a seq (inclusive) or a time (exclusive)")
	return cmd
}

// window keeps the records w holds; errors pass through.
func window(recs iter.Seq2[*journal.Record, error], w projections.Window) iter.Seq2[*journal.Record, error] {
	return func(yield func(*journal.Record, error) bool) {
		for r, err := range recs {
			if err == nil && !w.Holds(r) {
				continue
			}
			if !yield(r, err) {
				return
			}
		}
	}
}

// printRecords streams records as text lines (with a header) or, with
// --json, as the journal's own JSON lines. Bad lines go to stderr and make
// the exit code 1.
func (a *App) printRecords(recs iter.Seq2[*journal.Record, error], header bool) error {
	o := a.Out()
	bad := 0
	for r, err := range recs {
		if err != nil {
			if IsCanceled(err) {
				break
			}
			if !journal.Skippable(err) {
				return err
			}
			bad++
			fmt.Fprintf(a.stderr, "dos: %s\n", ui.Safe(err.Error()))
			continue
		}
		if a.jsonOut {
			b, _ := r.MarshalJSON()
			a.stdout.Write(append(b, '\n'))
			continue
		}
		if header {
			viewtext.Header(a.stdout)
			header = false
		}
		viewtext.Line(o, r)
	}
	if bad > 0 {
		return WithCode(1, fmt.Errorf("%d bad lines in the journal; run `dos journal verify`", bad))
	}
	return nil
}

func journalSeqCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "seq",
		Short: "Print the seq of the last record (0 when there is none)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var last uint64
			j, ok, err := a.OpenJournal()
			if err != nil {
				return err
			}
			var badTail error
			if ok {
				if last, badTail = j.LastSeq(); journal.Skippable(badTail) {
					last, err = j.LastGoodSeq()
				} else if badTail != nil {
					return badTail
				}
				if err != nil {
					return err
				}
			}
			if a.jsonOut {
				err = a.PrintJSON(map[string]uint64{"seq": last})
			} else {
				fmt.Fprintln(a.stdout, last)
			}
			if badTail != nil {
				return WithCode(1, fmt.Errorf("the journal ends with a bad line, so %d is the last record before it: %v (`dos journal repair` moves a corrupt tail aside)", last, badTail))
			}
			return err
		},
	}
}

// CtxOr returns the command's context, never nil.
func CtxOr(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
