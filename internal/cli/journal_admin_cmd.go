package cli

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func journalStatsCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "stats",
		Short: "Count segments, records and bytes, and show the first and last seq and time",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var st journal.Stats
			j, ok, err := a.OpenJournal()
			if err != nil {
				return err
			}
			if ok {
				if st, err = j.Stats(CtxOr(cmd)); err != nil {
					return err
				}
			}
			if a.jsonOut {
				if st.SegmentList == nil { // a list, never null
					st.SegmentList = []journal.SegmentInfo{}
				}
				return a.PrintJSON(st)
			}
			viewtext.Stats(a.Out(), a.Paths().Journal, st)
			return nil
		},
	}
}

func journalPruneCmd(a *App) *cobra.Command {
	var olderThan string
	var keep int
	var force, dryRun bool
	cmd := &cobra.Command{
		Use:   "prune",
		Short: "Delete whole sealed segments by age or count, never past an export cursor",
		Long: `Delete the oldest sealed segments whose last record is older than
--older-than, or beyond --keep-segments segments in all. The active segment
is never deleted, nor any segment holding a record an export cursor (under
<journal>/cursors/) has not delivered yet, unless --force. The last pruned
record's seq and hash are kept in ANCHOR.json, so verify still checks the
chain from the new first record.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var age time.Duration
			if olderThan != "" {
				d, err := config.ParseDuration(olderThan)
				if err != nil {
					return UsageErrorf("--older-than: %v", err)
				}
				age = d
			}
			if age <= 0 && keep <= 0 {
				return UsageErrorf("%v", journal.ErrPruneRule)
			}
			res, err := journal.Prune(CtxOr(cmd), a.Paths().Journal, journal.PruneOptions{
				MaxAge: age, KeepSegments: keep, Force: force, DryRun: dryRun, Now: a.now})
			if errors.Is(err, journal.ErrNoJournal) {
				if err := a.CheckNamedJournal(); err != nil {
					return err
				}
				if a.jsonOut {
					return a.PrintJSON(journal.PruneResult{Deleted: []journal.SegmentInfo{}, DryRun: dryRun})
				}
				fmt.Fprintf(a.stdout, "no journal yet at %s: nothing to prune\n", a.Paths().Journal)
				return nil
			}
			if err != nil {
				return err
			}
			if a.jsonOut {
				if res.Deleted == nil { // a list, never null: [] when nothing was pruned
					res.Deleted = []journal.SegmentInfo{}
				}
				return a.PrintJSON(res)
			}
			viewtext.Prune(a.Out(), res)
			return nil
		},
	}
	cmd.Flags().StringVar(&olderThan, "older-than", "", "delete segments whose last record is older than this (e.g. 30d, 72h)")
	cmd.Flags().IntVar(&keep, "keep-segments", 0, "keep at most this many segments, the active one included")
	cmd.Flags().BoolVar(&force, "force", false, "prune even segments an export cursor has not delivered")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "say what would be deleted, delete nothing")
	return cmd
}

func journalRepairCmd(a *App) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "repair",
		Short: "Move a corrupt tail aside so verdicts can be journaled again",
		Long: `Writers refuse to append after a last line that is not a record: they
must not guess the next seq. repair copies the run of such lines at the end
of the newest segment (and any torn partial line) to
<journal>/quarantine/<segment>.<offset>.<time>.bad, fsyncs it, truncates the
segment after the last record, and appends a journal.repair record naming
what was cut. Corruption followed by good records is never cut (verify
reports it), nor is a record from a newer dos.
Exit 0: repaired, or nothing to repair. Exit 2: the damage is not a corrupt
tail (restore the named segment from a backup).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			host, _ := os.Hostname()
			key, err := a.JournalKey("")
			if err != nil {
				return err
			}
			res, err := journal.Repair(CtxOr(cmd), a.Paths().Journal, journal.RepairOptions{
				DryRun: dryRun, Now: a.now, Host: host, Source: vocab.SourceCLI, Key: key})
			if errors.Is(err, journal.ErrNoJournal) {
				if err := a.CheckNamedJournal(); err != nil {
					return err
				}
				if a.jsonOut {
					return a.PrintJSON(journal.RepairResult{DryRun: dryRun})
				}
				fmt.Fprintf(a.stdout, "no journal yet at %s: nothing to repair\n", a.Paths().Journal)
				return nil
			}
			if err != nil {
				return err
			}
			if a.jsonOut {
				return a.PrintJSON(res)
			}
			viewtext.Repair(a.Out(), res)
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "say what would be moved aside, change nothing")
	return cmd
}
