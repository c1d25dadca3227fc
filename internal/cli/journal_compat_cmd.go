package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
	"github.com/spf13/cobra"
)

// The journal verbs a switch from the reference needs: import its
// history, replay (its live lease set) and compact (prune's safe form).

func journalImportCmd(a *App) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import PATH…",
		Short: "Append the reference's verdict-journal.jsonl and lane-journal.jsonl history as records (idempotent)",
		Long: `Reads the reference's journals (.dos/verdict-journal.jsonl and
.dos/lane-journal.jsonl; either kind in any file, told apart line by line)
and appends their history as records with source "import", in the order it
was written. Verdicts keep their syscall, verdict, run, lane and detail;
lane ops become lease.acquire (GRANTED or REFUSED), lease.release,
lease.heartbeat, halt and attempt records, the rest lane.<op>. The original
ts, seq and run id are kept in detail.imported; a run id that is not a ULID
or RID-… is mapped to one stable ULID. A line imported before is never
appended again, so a second import appends nothing. Lines that are neither
are counted as bad and skipped.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sum, err := kernel.ImportReference(CtxOr(cmd), a.Paths().Journal, args, a.now, dryRun)
			if err != nil {
				return err
			}
			if a.jsonOut {
				return a.PrintJSON(sum)
			}
			verb := "imported"
			if dryRun {
				verb = "would import"
			}
			for _, f := range sum.Files {
				fmt.Fprintf(a.stdout, "%s: %d line(s): %d %s, %d already imported, %d bad\n", f.Path, f.Lines, f.Imported, verb, f.Duplicate, f.Bad)
			}
			if sum.LastSeq > 0 {
				fmt.Fprintf(a.stdout, "%s %d record(s) as seq %d–%d\n", verb, sum.Imported, sum.FirstSeq, sum.LastSeq)
			} else {
				fmt.Fprintf(a.stdout, "%s %d record(s)\n", verb, sum.Imported)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "count what would be imported, append nothing")
	return cmd
}

func journalReplayCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "replay",
		Short: "Print the live lease set the journal folds to, as a JSON array in the reference's lease shape (dos lease live --json in dos's)",
		Long: `Folds the journal into the live lease set, as the reference's journal replay
does, and prints it as an indented JSON array of its lease objects (sorted
keys): acquired_at, expires_at, heartbeat_at, holder, host_id, lane,
lane_kind, loop_ts, pid, run_id, tree (the paths as globs) and ttl_minutes.
dos lease live --json prints the same leases in dos's own shape.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			live, err := kernel.LiveLeases(CtxOr(cmd), a.Paths().Journal, a.now())
			if err != nil {
				return err
			}
			out := make([]map[string]any, 0, len(live))
			for _, l := range live {
				tree := make([]string, 0, len(l.Paths))
				for _, p := range l.Paths {
					switch {
					case p == ".":
						tree = append(tree, "**/*")
					case strings.HasSuffix(p, "/"):
						tree = append(tree, p+"**")
					default:
						tree = append(tree, p)
					}
				}
				out = append(out, map[string]any{
					"acquired_at": refStamp(l.AcquiredAt), "expires_at": refStamp(l.ExpiresAt),
					"heartbeat_at": refStamp(l.ExpiresAt.Add(-time.Duration(l.TTLSeconds) * time.Second)),
					"holder":       l.Holder.RunID, "host_id": l.Holder.Host, "lane": l.Lane, "lane_kind": "", "loop_ts": "",
					"pid": l.Holder.PID, "run_id": l.Holder.RunID, "tree": tree, "ttl_minutes": l.TTLSeconds / 60,
				})
			}
			return a.PrintJSON(out)
		},
	}
}

// refStamp is the reference's journal time stamp, %Y-%m-%dT%H:%M:%SZ.
func refStamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// compactAge is the age past which compact deletes sealed segments: past
// the longest lease TTL (24 h), so no live lease's record is ever cut.
const compactAge = 25 * time.Hour

func journalCompactCmd(a *App) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "compact [--dry-run]",
		Short: `Prune's safe form: delete sealed segments older than 25h, never past an export cursor; prints {"bytes_reclaimed","entries_after","entries_before"}`,
		Long: `The reference folds its WAL into one checkpoint; here the journal is never
rewritten, so compact is journal prune --older-than 25h: whole sealed
segments whose last record is older than the longest lease TTL, never one an
export cursor has not delivered, the chain kept verifiable through
ANCHOR.json. The live lease set (journal replay) is unchanged by it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir := a.Paths().Journal
			out := struct {
				BytesReclaimed int64  `json:"bytes_reclaimed"`
				EntriesAfter   uint64 `json:"entries_after"`
				EntriesBefore  uint64 `json:"entries_before"`
				HeldBy         string `json:"held_by,omitempty"`
				DryRun         bool   `json:"dry_run,omitempty"`
			}{DryRun: dryRun}
			j, err := journal.Open(dir)
			if errors.Is(err, journal.ErrNoJournal) {
				return a.PrintJSON(out)
			}
			if err != nil {
				return err
			}
			st, err := j.Stats(CtxOr(cmd))
			if err != nil {
				return err
			}
			res, err := journal.Prune(CtxOr(cmd), dir, journal.PruneOptions{MaxAge: compactAge, DryRun: dryRun, Now: a.now})
			if err != nil {
				return err
			}
			out.BytesReclaimed, out.EntriesBefore, out.EntriesAfter, out.HeldBy = res.Bytes, st.Records, st.Records-res.Records, res.HeldBy
			return a.PrintJSON(out)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "say what would be reclaimed, delete nothing")
	return cmd
}
