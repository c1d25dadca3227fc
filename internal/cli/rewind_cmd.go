package cli

import (
	"strings"

	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func rewindCmd(a *App) *cobra.Command {
	var k kflags
	var fire string
	cmd := &cobra.Command{
		Use:   "rewind --run-id R [--fire DIVERGED|THRASHING|STARVED]",
		Short: "Where may a stopped run's conversation rewind to? NO_REWIND 0 / REWIND 0 / UNANCHORED 3 (advice only)",
		Long: `Advice, never an edit: with a ground-truth stop signal (--fire) and a
checkpoint minted at SUSPEND (a halt record carrying checkpoint_turn and
transcript_digest) whose digest matches line checkpoint_turn of
<workspace>/.dos/runs/<run>/transcript.jsonl, REWIND proposes dropping every
later turn; without the signal NO_REWIND; without a matching checkpoint
UNANCHORED.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Rewind(cmd.Context(), env, fire)
			})
		},
	}
	cmd.Flags().StringVar(&fire, "fire", "", "the stop signal that fired: "+strings.Join(vocab.FireSignals(), ", "))
	k.add(cmd)
	return cmd
}
