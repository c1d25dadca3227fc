package cli

import (
	"encoding/json"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/dos-go/dos/kernel"
	"github.com/spf13/cobra"
)

// stdinWait bounds how long verify-result waits for a hook event on stdin.
const stdinWait = 5 * time.Second

// hookTranscriptPath reads a hook event from stdin (when it is not a
// terminal) and returns its transcript_path, or "".
func (a *App) hookTranscriptPath() string {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return ""
	}
	// A hook closes stdin after its event; a stdin a process manager left
	// open must not hang the verb, so the read is given stdinWait.
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(a.stdin, 16<<20))
		got <- b
	}()
	var b []byte
	select {
	case b = <-got:
	case <-time.After(stdinWait):
		return ""
	}
	var ev struct {
		TranscriptPath any `json:"transcript_path"`
	}
	if json.Unmarshal(b, &ev) != nil {
		return ""
	}
	s, _ := ev.TranscriptPath.(string)
	return s
}

func verifyResultCmd(a *App) *cobra.Command {
	var k kflags
	var path string
	cmd := &cobra.Command{
		Use:   "verify-result [--transcript PATH]",
		Short: "Did a worker's harness die mid-task? HEALTHY 0 / UNREADABLE 0 / DEAD 3",
		Long: `Reads a worker's transcript (JSONL; --transcript, else the transcript_path of
a hook event on stdin) and judges its terminal record, the last assistant
record: model <synthetic> or isApiErrorMessage is DEAD SYNTHETIC (with the
death class: RATE_LIMIT, AUTH, MODEL_UNAVAILABLE, SERVER, USAGE_LIMIT or
OTHER); no assistant record, or one with no content, is DEAD EMPTY; a file
that cannot be read is UNREADABLE, which is not a death. Only the last 8 MiB
are read. The record keeps the state, class and API status, never the text.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if path == "" {
				path = a.hookTranscriptPath()
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.VerifyResult(cmd.Context(), env, path)
			})
		},
	}
	cmd.Flags().StringVar(&path, "transcript", "", "the transcript (JSONL) to judge")
	k.add(cmd)
	return cmd
}

func coverageCmd(a *App) *cobra.Command {
	var k kflags
	var declared int
	var states, glob string
	var quorum float64
	var transcripts []string
	cmd := &cobra.Command{
		Use:   "coverage --declared N (--states S,… | --transcript PATH… | --transcripts-glob G)",
		Short: "How many of N fan-out workers returned a real result? FULL 0 / EMPTY 0 / UNDERFILLED 3 / STARVED 3 / OVERFILLED 3",
		Long: `Folds the workers' verify-result states: each --transcript (and each file of
--transcripts-glob, sorted) is read as verify-result reads it, or --states
gives the states outright ([caller-asserted]). UNREADABLE counts as live, not
dead; unaccounted = declared − healthy − dead − unreadable. The reason is a
sentence a host can paste above the folded findings.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			req := kernel.CoverageRequest{Transcripts: transcripts, Glob: glob}
			if cmd.Flags().Changed("declared") {
				req.Declared = &declared
			}
			if cmd.Flags().Changed("states") {
				req.States = &states
			}
			if cmd.Flags().Changed("min-quorum") {
				req.MinQuorum = &quorum
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Coverage(cmd.Context(), env, req)
			})
		},
	}
	cmd.Flags().IntVar(&declared, "declared", 0, "how many workers were fanned out (required)")
	cmd.Flags().StringVar(&states, "states", "", "caller-asserted states, comma-separated: HEALTHY, SYNTHETIC, EMPTY, UNREADABLE")
	cmd.Flags().StringArrayVar(&transcripts, "transcript", nil, "a worker's transcript (repeatable)")
	cmd.Flags().StringVar(&glob, "transcripts-glob", "", "every transcript matching this glob")
	cmd.Flags().Float64Var(&quorum, "min-quorum", 0, "quorum_met = healthy/declared ≥ this")
	k.add(cmd)
	return cmd
}
