package cli

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/projections/viewtext"
	"github.com/spf13/cobra"
)

func journalVerifyCmd(a *App) *cobra.Command {
	var against, keyFile string
	cmd := &cobra.Command{
		Use:   "verify [--against FILE] [--key-file KEY]",
		Short: "Walk the hash chain and check every cursor; exit 0 when intact, 1 naming the first breach",
		Long: `Walk every record from the first (or the prune anchor) to the last, checking
that seqs are gap-free and that every record's hash chains to the one before,
then check every export cursor the way an export does: the record at its seq
must still carry the id and hash it delivered, so a journal edited and
re-chained after an export is caught.

--against FILE compares the journal with an exported copy (the file
exporter's output, or any copy of the segments) kept where an agent cannot
write, and names the first seq whose id or hash differs.

With a key (--key-file, or $DOS_JOURNAL_KEY_FILE) the HMAC checkpoints keyed
mode writes are checked too: a rewrite fails verify without any export.

Exit 0: intact. Exit 1: a breach, a cursor the journal does not back, a
checkpoint that does not hold, or a difference from the copy. Exit 2: the
journal could not be checked (a record from a newer dos, an unreadable file,
a bad key).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir := a.Paths().Journal
			key, err := a.JournalKey(keyFile)
			if err != nil {
				return err
			}
			o := journal.VerifyOptions{Key: key}
			if against != "" {
				f, err := os.Open(against)
				if err != nil {
					return UsageErrorf("--against: %v", err)
				}
				defer f.Close()
				o.Against = f
			}
			rep, err := journal.VerifyAll(CtxOr(cmd), dir, o)
			if errors.Is(err, journal.ErrNoJournal) {
				if err := a.CheckNamedJournal(); err != nil {
					return err
				}
				if a.jsonOut {
					return a.PrintJSON(&journal.VerifyReport{})
				}
				fmt.Fprintf(a.stdout, "no journal yet at %s: nothing to verify\n", dir)
				return nil
			}
			if err != nil {
				return err
			}
			if f, err := kernel.CheckLeaseSnapshot(CtxOr(cmd), dir); err != nil {
				return err
			} else if f != nil {
				rep.Derived = append(rep.Derived, *f)
			}
			if a.jsonOut {
				if err := a.PrintJSON(rep); err != nil {
					return err
				}
			} else {
				viewtext.Verify(a.Out(), rep)
			}
			switch {
			case rep.Unsupported != nil && rep.Breach == nil:
				return ExitWith(2)
			case !rep.Intact():
				return ExitWith(1)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&against, "against", "", "an exported copy of the journal (JSONL) to compare it with")
	cmd.Flags().StringVar(&keyFile, "key-file", "", "the journal key, to check keyed mode's checkpoints (default $DOS_JOURNAL_KEY_FILE)")
	return cmd
}

func journalKeyCmd(a *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key",
		Short: "Make the key of keyed mode (HMAC checkpoints an agent cannot forge)",
		Args:  cobra.ArbitraryArgs,
		RunE:  ParentRunE,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "init PATH",
		Short: "Create a new 32-byte journal key at PATH (mode 0600); keep it outside the workspace",
		Long: `Create a new random 32-byte key at PATH, hex-encoded, mode 0600, never
overwriting a file. Point DOS_JOURNAL_KEY_FILE at it wherever dos appends
(hooks, CI) and where you run ` + "`dos journal verify`" + `: every commit then
writes an HMAC-SHA256 checkpoint first. Keep it where the agents cannot read
it — outside the workspace, owned by the user the hooks run as; dos refuses a
key inside the workspace or readable by others.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := journal.WriteNewKey(args[0], rand.Reader); err != nil {
				return UsageErrorf("%v", err)
			}
			fmt.Fprintf(a.stdout, "wrote a new journal key to %s (mode 0600); export DOS_JOURNAL_KEY_FILE=%s\n", args[0], args[0])
			return nil
		},
	})
	return cmd
}
