package cli

import (
	"fmt"
	"os"
	"strconv"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

// kflags are the flags every syscall shares.
type kflags struct {
	runID  string
	lane   string
	strict bool
	pid    int
}

// add registers --run-id, --lane and --strict-journal on cmd.
func (k *kflags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&k.runID, "run-id", "", "the run this record belongs to (default $DOS_RUN_ID)")
	cmd.Flags().StringVar(&k.lane, "lane", "", "the lane this record concerns")
	cmd.Flags().BoolVar(&k.strict, "strict-journal", false, "exit 2 when the record cannot be journaled (default $DOS_STRICT_JOURNAL)")
	cmd.GroupID = GroupVerdicts
}

// addPID registers --pid, the holder's process (default: dos's parent).
func (k *kflags) addPID(cmd *cobra.Command) {
	cmd.Flags().IntVar(&k.pid, "pid", 0, "the holding process (default $DOS_PID, else the process that runs dos)")
}

// syscall runs one kernel call with an Env built from the flags, then
// renders its Result and exits with its code.
func (a *App) syscall(cmd *cobra.Command, k *kflags, call func(kernel.Env) (kernel.Result, error)) error {
	env, closeJournal, err := a.kernelEnv(k)
	if err != nil {
		return err
	}
	res, err := call(env)
	if cerr := closeJournal(); cerr != nil && err == nil && res.JournalErr == nil {
		res.JournalErr = cerr
	}
	if err != nil {
		return err
	}
	return a.renderVerdict(res, k)
}

// kernelEnv builds the Env: journal writer, clock, host, pid, run, lane.
func (a *App) kernelEnv(k *kflags) (kernel.Env, func() error, error) {
	run, err := kernel.ResolveRunID(k.runID, a.getenv)
	if err != nil {
		return kernel.Env{}, nil, err
	}
	if k.lane != "" {
		if err := vocab.CheckToken("--lane", k.lane); err != nil {
			return kernel.Env{}, nil, UsageErrorf("%v", err)
		}
	}
	if k.pid < 0 {
		return kernel.Env{}, nil, UsageErrorf("--pid %d: must be a process id", k.pid)
	}
	p := a.Paths()
	host := a.getenv("DISPATCH_HOST_ID") // the reference's host-name override
	if host == "" {
		host, _ = os.Hostname()
	}
	pid := k.pid
	if v := a.getenv("DOS_PID"); pid == 0 && v != "" {
		if pid, err = strconv.Atoi(v); err != nil || pid <= 0 {
			return kernel.Env{}, nil, UsageErrorf("$DOS_PID %q: must be a process id", v)
		}
	}
	if pid == 0 {
		pid = os.Getppid()
	}
	w, err := a.newWriter(p.Journal)
	if err != nil {
		return kernel.Env{}, nil, err
	}
	env := kernel.Env{
		Journal: w, JournalDir: p.Journal, Workspace: p.Workspace, Now: a.now,
		Host: host, PID: pid, Source: vocab.SourceCLI, RunID: run, Lane: k.lane,
	}
	return env, w.Close, nil
}

// renderVerdict prints the verdict (text or --json) and exits with its code. A
// record that could not be journaled is a warning, or exit 2 under
// --strict-journal / DOS_STRICT_JOURNAL.
func (a *App) renderVerdict(res kernel.Result, k *kflags) error {
	if a.jsonOut {
		if err := a.PrintJSON(res.JSON()); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(a.stdout, res.Line)
	}
	if res.JournalErr != nil {
		if k.strict || config.Truthy(a.getenv("DOS_STRICT_JOURNAL")) {
			return WithCode(vocab.ExitUsage, fmt.Errorf("verdict not journaled (strict journal): %v", res.JournalErr))
		}
		a.Warnf("verdict not journaled: %v", res.JournalErr)
	}
	return ExitWith(res.Code)
}
