// Package edge is the hook verbs' I/O: it reads the host's event from
// stdin (bounded), resolves the workspace and the journal, gathers the
// evidence (live leases, git, the session's side files), calls the pure
// decisions in hooks, appends the call's one record through the kernel
// and prints the host's JSON. It fails open: whatever goes wrong inside
// dos, the host gets exit 0 and no decision, stderr says why, and a
// record with reason internal-error says it happened.
package edge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/dos-go/dos/hooks"
	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
)

// Verbs of `dos hook`.
const (
	VerbPretool  = "pretool"
	VerbPosttool = "posttool"
	VerbStop     = "stop"
	VerbMarker   = "marker"
)

// Flags are the hook verbs' own flags.
type Flags struct {
	Strict     bool   // pretool: deny exec grants; stop: heuristic claims block too
	Force      bool   // stop: judge even when stop_hook_active
	JSON       bool   // stop: print {ok, checked, results} instead of the host's JSON
	Debug      bool   // diagnostics on stderr
	Plan       string // stop: a claim named by flag
	Phase      string
	Transcript string // stop: the transcript to read instead of the event's
	LastTurns  int    // stop: assistant turns to read markers from (default 1)
	SessionID  string // posttool, marker: overrides the event's session
	Reset      bool   // marker: start the budget again
	Loop       bool   // marker: arm the budget without a loop variable
	MaxMarkers int    // marker: the budget (default 4)
}

// Call is one hook invocation and the world it sees.
type Call struct {
	Verb          string
	Dialect       hooks.Dialect
	Flags         Flags
	WorkspaceFlag string // --workspace
	JournalFlag   string // --journal
	Getenv        func(string) string
	Now           func() time.Time
	Stdin         io.Reader
	Stdout        io.Writer
	Stderr        io.Writer
	Cwd           string // the process's working directory
	Host          string
	PPID          int
	// JournalOptions are the writer's (the journal key in keyed mode);
	// JournalErr is why they could not be had: the call is still decided,
	// and stderr says it was not journaled.
	JournalOptions journal.Options
	JournalErr     error
}

// Budgets: pretool and posttool are on every tool call; stop may walk git.
const (
	toolBudget = 5 * time.Second
	stopBudget = 10 * time.Second
)

// hook is one call in progress.
type hook struct {
	Call
	ctx     context.Context
	ev      hooks.Event
	ws      string // the workspace: the git top level of the chosen directory
	jdir    string // the journal directory
	w       *journal.Writer
	session string // SHA-256 hex of the host's session id, "" when none
	run     string // the run this call belongs to, once known
	loop    bool
}

// Run handles one hook call. It never fails: every outcome exits 0.
func Run(ctx context.Context, c Call) {
	budget := toolBudget
	if c.Verb == VerbStop || c.Verb == VerbMarker {
		budget = stopBudget
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	h := &hook{Call: c, ctx: ctx}
	defer h.close()
	defer func() {
		if r := recover(); r != nil {
			h.internal("panic", fmt.Errorf("%v", r))
		}
	}()
	h.loop = loopSession(c.Getenv)
	raw, err := readBounded(c.Stdin, hooks.MaxPayload)
	if errors.Is(err, errTooLarge) {
		h.resolve()
		h.debugf("payload over %d bytes: passing through", hooks.MaxPayload)
		h.record(syscallOf(c.Verb), hooks.Decision{Action: hooks.ActionPass, Reason: vocab.ReasonPayloadTooLarge}, "", vocab.HookDetail{})
		return
	}
	if err != nil {
		h.internal("stdin", err)
		return
	}
	m, ok := hooks.Decode(raw)
	if !ok {
		if c.Verb != VerbStop {
			h.debugf("stdin is not a JSON object: nothing to judge")
			return
		}
		m = map[string]any{}
	}
	h.ev = c.Dialect.Normalise(m)
	if c.Flags.SessionID != "" {
		h.ev.Session = c.Flags.SessionID
	}
	if h.ev.Session != "" {
		s := sha256.Sum256([]byte(h.ev.Session))
		h.session = hex.EncodeToString(s[:])
	}
	h.resolve()
	switch c.Verb {
	case VerbPretool:
		h.pretool()
	case VerbPosttool:
		h.posttool()
	case VerbStop:
		h.stop()
	case VerbMarker:
		h.marker()
	}
}

func syscallOf(verb string) string {
	switch verb {
	case VerbPosttool:
		return vocab.SysHookPosttool
	case VerbStop:
		return vocab.SysHookStop
	case VerbMarker:
		return vocab.SysHookMarker
	}
	return vocab.SysHookPretool
}

func momentOf(verb string) hooks.Moment {
	switch verb {
	case VerbPosttool:
		return hooks.MomentPost
	case VerbStop, VerbMarker:
		return hooks.MomentStop
	}
	return hooks.MomentPre
}

// loopSession reports a loop session: any of the loop variables is set.
func loopSession(getenv func(string) string) bool {
	for _, k := range []string{"DOS_LOOP", "DOS_RUN_ID", "CID_RUN_ID", "DISPATCH_LOOP_TS"} {
		if v := strings.TrimSpace(getenv(k)); v != "" && v != "0" {
			return true
		}
	}
	return false
}

var errTooLarge = errors.New("payload too large")

// readBounded reads all of r, up to max bytes; more is errTooLarge (and
// the rest is drained so the host's pipe never blocks).
func readBounded(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		_, _ = io.Copy(io.Discard, r)
		return nil, errTooLarge
	}
	return b, nil
}

// emit prints dec in the host's dialect (or nothing).
func (h *hook) emit(dec hooks.Decision) {
	if b := h.Dialect.Render(dec); b != nil {
		_, _ = h.Stdout.Write(b)
	}
}

// record appends the call's one hook record; a journal that cannot be
// written is a stderr warning, and the decision stands.
func (h *hook) record(sys string, dec hooks.Decision, lane string, d vocab.HookDetail) {
	if h.jdir == "" {
		return
	}
	if h.JournalErr != nil {
		h.warnf("decision not journaled: %v", h.JournalErr)
		return
	}
	d.Dialect, d.Event, d.Session, d.Loop, d.Reason = h.Dialect.Name, string(momentOf(h.Verb)), h.session, h.loop, dec.Reason
	env := h.env()
	if dec.Reason != vocab.ReasonPayloadTooLarge && dec.Reason != vocab.ReasonInternalError {
		env.RunID = h.runForRecord(env)
	}
	res := kernel.HookRecord(h.ctx, env, sys, vocab.Verdict{Token: dec.Action, Reason: dec.Reason}, lane, d)
	if res.JournalErr != nil {
		h.warnf("decision not journaled: %v", res.JournalErr)
	}
}

// internal fails open: no decision, a stderr note, and (best effort) a
// PASS record with reason internal-error naming the stage.
func (h *hook) internal(stage string, err error) {
	fmt.Fprintf(h.Stderr, "dos hook %s: internal error (%s): %s; the call goes ahead\n", h.Verb, stage, oneLine(err.Error()))
	if h.jdir == "" {
		h.resolve()
	}
	func() {
		defer func() { _ = recover() }()
		h.record(syscallOf(h.Verb), hooks.Decision{Action: hooks.ActionPass, Reason: vocab.ReasonInternalError}, "", vocab.HookDetail{Stage: stage})
	}()
}

func (h *hook) env() kernel.Env {
	if h.w == nil {
		if dos := filepath.Dir(h.jdir); filepath.Base(dos) == ".dos" {
			_ = EnsureGitignore(dos) // a failure here is the append's to report
		}
		h.w = journal.NewWriter(h.jdir, h.JournalOptions)
	}
	return kernel.Env{Journal: h.w, JournalDir: h.jdir, Workspace: h.ws, Now: h.Now, Host: h.Host, PID: h.PPID,
		Source: vocab.SourceHook + ":" + h.Dialect.Name, RunID: h.envRun()}
}

func (h *hook) close() {
	if h.w != nil {
		if err := h.w.Close(); err != nil {
			h.warnf("close journal: %v", err)
		}
	}
}

func (h *hook) now() time.Time {
	if h.Now == nil {
		return time.Now().UTC()
	}
	return h.Now().UTC()
}

func (h *hook) warnf(format string, args ...any) {
	fmt.Fprintf(h.Stderr, "dos hook %s: warning: %s\n", h.Verb, oneLine(fmt.Sprintf(format, args...)))
}

func (h *hook) debugf(format string, args ...any) {
	if h.Flags.Debug {
		fmt.Fprintf(h.Stderr, "dos hook %s: %s\n", h.Verb, oneLine(fmt.Sprintf(format, args...)))
	}
}

// oneLine is s on one line, with anything a terminal would act on escaped
// (an error can quote a path or a command the agent wrote).
func oneLine(s string) string { return ui.Safe(ui.OneLine(s)) }

// digest is the hex SHA-256 kept in place of agent text.
func digest(s string) string {
	d := sha256.Sum256([]byte(s))
	return hex.EncodeToString(d[:])
}

// toolToken is the tool name a record keeps: the host's name when it is a
// token (mcp__server__tool is), else "other".
func toolToken(e hooks.Event) string {
	t := e.HostTool
	if t == "" {
		t = e.Tool
	}
	if vocab.ValidToken(t) {
		return t
	}
	return "other"
}
