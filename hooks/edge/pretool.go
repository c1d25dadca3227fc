package edge

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	dosconfig "github.com/dos-go/dos/config"
	"github.com/dos-go/dos/hooks"
	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
)

// pretool judges a tool call before it runs. Calls known to write nothing
// (a read, a no-write command) pass without a record: they are most calls.
func (h *hook) pretool() {
	e := h.ev
	if (e.HostEvent != "" && e.Moment != hooks.MomentPre) || e.HasResult || e.Tool == "" {
		h.debugf("not a pre-tool event (%q): nothing to judge", e.HostEvent)
		return
	}
	f := hooks.FootprintOf(e, filepath.ToSlash(h.ws), hooks.ParseShell)
	if f.Empty() {
		return
	}
	live, err := kernel.LiveLeases(h.ctx, h.jdir, h.now())
	if err != nil {
		h.internal("leases", err)
		return
	}
	in := hooks.PreInput{
		Footprint: f, Live: live, Loop: h.loop, Strict: h.Flags.Strict, Workspace: h.ws,
		Self:            hooks.Self{RunID: h.sessionRun(), Host: h.Host, PIDs: h.pids()},
		ScopeGate:       scopeGate(h.Getenv("DOS_APPLY_GATE")) || dosconfig.Load(h.ws).Hooks.ScopeGate,
		Protected:       protected(h.ws),
		SelfModifyArmed: config.Truthy(h.Getenv("DOS_ALLOW_SELF_MODIFY")),
	}
	if e.Tool == hooks.ToolBash {
		if v, sh := vocab.ClassifyExecCapability(e.Command, nil); v.Token == vocab.VerdictGrantsExec {
			in.ExecClass, in.ExecProgram = sh.Class, sh.Matched
		}
	}
	res := hooks.DecidePre(in)
	h.emit(res.Decision)
	d := vocab.HookDetail{Tool: toolToken(e), PathsCount: len(f.Paths) + len(f.Outside), FootprintKnown: f.Known,
		Outside: len(f.Outside), ExecClass: in.ExecClass, Strict: h.Flags.Strict, Holding: res.Holding}
	for _, p := range append(append([]string(nil), f.Paths...), f.Outside...) {
		d.FootprintSHA256 = append(d.FootprintSHA256, digest(p))
	}
	lane := ""
	if res.Holding != nil {
		lane = res.Holding.Lane
	}
	h.record(vocab.SysHookPretool, res.Decision, lane, d)
}

// pids are the processes whose leases count as the caller's: $DOS_PID
// and the hook's parent.
func (h *hook) pids() []int {
	var out []int
	if n, err := strconv.Atoi(h.Getenv("DOS_PID")); err == nil && n > 0 {
		out = append(out, n)
	}
	if h.PPID > 0 {
		out = append(out, h.PPID)
	}
	return out
}

// scopeGate reads $DOS_APPLY_GATE: on unless empty or 0/false/no/off
// (dos.toml's [hooks] scope_gate turns it on too).
func scopeGate(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// dosModule is the module line of dos's own go.mod.
const dosModule = "module github.com/dos-go/dos"

// decisionPath are dos's own decision-path sources: an agent working in a
// dos checkout may not edit the referee (self-modify).
var decisionPath = []string{"vocab/", "kernel/", "lease/", "journal/", "hooks/", "internal/git/", "internal/config/"}

// protected lists the decision-path sources present in ws, only when ws
// is dos's own source tree.
func protected(ws string) []string {
	f, err := os.Open(filepath.Join(ws, "go.mod"))
	if err != nil {
		return nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != dosModule {
		return nil
	}
	var out []string
	for _, p := range decisionPath {
		if _, err := os.Stat(filepath.Join(ws, p)); err == nil {
			out = append(out, p)
		}
	}
	return out
}
