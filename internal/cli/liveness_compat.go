package cli

import (
	"os"
	"time"

	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

// livenessCompat is liveness's reference evidence flags: the clock in
// epoch ms, a heartbeat age handed in, the process rung and the tokens
// spent.
type livenessCompat struct {
	nowMS, ageMS int64
	loopTS       string
	pid          int
	hostID       string
	noProc       bool
	usage        string
}

func (c *livenessCompat) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Int64Var(&c.nowMS, "now-ms", 0, "judge at this time, epoch milliseconds (the same as --now)")
	f.Int64Var(&c.ageMS, "last-heartbeat-age-ms", 0, "the run's last heartbeat was this many ms ago (overrides the journal's)")
	f.StringVar(&c.loopTS, "loop-ts", "", "the reference's lease key; accepted and ignored (leases here are keyed by run)")
	f.IntVar(&c.pid, "pid", 0, "the run's process: dead on this host turns SPINNING into STALLED")
	f.StringVar(&c.hostID, "host-id", "", "the host --pid runs on (another host turns the process rung off)")
	f.BoolVar(&c.noProc, "no-proc", false, "turn the process rung off")
	f.StringVar(&c.usage, "usage-json", "", "a usage report (FILE or -): its tokens are shown in the reason, never decide")
}

func (c *livenessCompat) apply(a *App, cmd *cobra.Command, req *kernel.LivenessRequest) error {
	fl := cmd.Flags()
	if fl.Changed("now-ms") {
		if fl.Changed("now") {
			return UsageErrorf("pass --now or --now-ms, not both")
		}
		t := time.UnixMilli(c.nowMS).UTC()
		a.now = func() time.Time { return t }
	}
	if fl.Changed("last-heartbeat-age-ms") {
		if c.ageMS < 0 {
			return UsageErrorf("--last-heartbeat-age-ms %d: must not be negative", c.ageMS)
		}
		req.HeartbeatAgeMS = &c.ageMS
	}
	if c.pid < 0 {
		return UsageErrorf("--pid %d: must be a process id", c.pid)
	}
	host := a.getenv("DISPATCH_HOST_ID")
	if host == "" {
		host, _ = os.Hostname()
	}
	if c.pid > 0 && !c.noProc && (c.hostID == "" || c.hostID == host) {
		req.ProcAlive, req.ProcPID = processAlive(c.pid), c.pid
	}
	if c.usage != "" {
		b, err := a.readFileOrStdin(c.usage)
		if err != nil {
			return UsageErrorf("--usage-json %s: %v", c.usage, err)
		}
		u, err := vocab.ParseUsage(b)
		if err != nil {
			return err
		}
		req.Tokens = u.Tokens
	}
	return nil
}
