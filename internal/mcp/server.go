// Package mcp is dos's MCP server (`dos mcp`, run by dos-pipes): agents
// call dos directly — dos_verify, dos_status, dos_arbitrate, dos_trace,
// dos_decisions, dos_doctor, dos_refuse_reasons, dos_check_reason — over
// stdio, with the official Go SDK. Each tool is a thin call of the same
// kernel or view function the CLI verb uses, journaled as that verb is
// (source mcp), under a per-call deadline. It lives outside the lean dos
// binary: the SDK's start-up cost would otherwise land on every hook.
package mcp

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/internal/version"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
)

// DefaultDeadline is a tool call's budget without DOS_MCP_TOOL_DEADLINE_MS.
const DefaultDeadline = 5 * time.Second

// Config is the server's world: its environment, clock and where it runs.
type Config struct {
	Getenv func(string) string
	Now    func() time.Time
	Cwd    string
	Host   string
	PID    int
	// JournalOptions are every append's (the journal key in keyed mode).
	JournalOptions journal.Options
}

// server holds the config the tools share; it is built per Serve call.
type server struct {
	cfg      Config
	deadline time.Duration // 0: none
}

// Instructions is the blurb clients show for the server.
const Instructions = `dos is the referee: its verdicts come from evidence you did not write (git,
the clock, the journal). dos_verify says whether a phase shipped (a commit
whose subject starts with PHASE: and changed files); dos_status whether a run
is advancing; dos_arbitrate whether a lane is free before you take it;
dos_trace and dos_decisions show a run's history and what waits on a person.
Nothing here enforces anything: the hooks do.`

// New returns the MCP server with every tool added.
func New(cfg Config) (*sdk.Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &server{cfg: cfg, deadline: DefaultDeadline}
	if v := cfg.Getenv("DOS_MCP_TOOL_DEADLINE_MS"); v != "" {
		ms, err := strconv.Atoi(v)
		if err != nil || ms < 0 {
			return nil, fmt.Errorf("DOS_MCP_TOOL_DEADLINE_MS=%q: a whole number of milliseconds (0 disables the deadline)", v)
		}
		s.deadline = time.Duration(ms) * time.Millisecond
	}
	srv := sdk.NewServer(&sdk.Implementation{Name: "dos", Title: "dos — the referee for AI coding agents", Version: version.Get().Version},
		&sdk.ServerOptions{Instructions: Instructions})
	s.addTools(srv)
	return srv, nil
}

// Serve runs the server over stdin and stdout until the client hangs up
// or ctx ends.
func Serve(ctx context.Context, cfg Config, in io.ReadCloser, out io.WriteCloser) error {
	srv, err := New(cfg)
	if err != nil {
		return err
	}
	return srv.Run(ctx, &sdk.IOTransport{Reader: in, Writer: out})
}

// paths resolves a tool's workspace: the argument › $DOS_WORKSPACE › the
// server's cwd; the journal: $DOS_JOURNAL › <workspace>/.dos/journal.
func (s *server) paths(workspace string) config.Paths {
	ws := workspace
	if ws == "" || ws == "." {
		ws = s.cfg.Getenv("DOS_WORKSPACE")
	}
	if ws == "" {
		ws = s.cfg.Cwd
	}
	if !filepath.IsAbs(ws) {
		ws = filepath.Join(s.cfg.Cwd, ws)
	}
	return config.Resolve(ws, "", s.cfg.Getenv, s.cfg.Cwd)
}

// env is the kernel Env of one tool call; close the returned writer.
func (s *server) env(p config.Paths, run string) (kernel.Env, *journal.Writer) {
	w := journal.NewWriter(p.Journal, s.cfg.JournalOptions)
	return kernel.Env{Journal: w, JournalDir: p.Journal, Workspace: p.Workspace, Now: s.cfg.Now,
		Host: s.cfg.Host, PID: s.cfg.PID, Source: vocab.SourceMCP, RunID: run}, w
}

// stalled is what a tool returns when its deadline passes: a normal
// result, so the agent reads it rather than retrying a protocol error.
type stalled struct {
	Verdict  string `json:"verdict"`
	Reason   string `json:"reason"`
	Fallback string `json:"fallback"`
	Advice   string `json:"advice"`
}

// tool adds a tool whose handler runs under the per-call deadline.
func tool[In any](s *server, srv *sdk.Server, name, desc, verb string, h func(context.Context, In) (any, error)) {
	sdk.AddTool(srv, &sdk.Tool{Name: name, Description: desc}, func(ctx context.Context, _ *sdk.CallToolRequest, in In) (*sdk.CallToolResult, any, error) {
		if s.deadline <= 0 {
			out, err := h(ctx, in)
			return nil, out, err
		}
		ctx, cancel := context.WithTimeout(ctx, s.deadline)
		defer cancel()
		type res struct {
			out any
			err error
		}
		done := make(chan res, 1)
		go func() {
			out, err := h(ctx, in)
			done <- res{out, err}
		}()
		select {
		case r := <-done:
			return nil, r.out, r.err
		case <-ctx.Done():
			return nil, stalled{Verdict: vocab.VerdictStalled, Reason: fmt.Sprintf("%s did not answer within %s", name, s.deadline),
				Fallback: "run the matching dos verb yourself: dos " + verb, Advice: "do not auto-retry: the evidence (git, the journal) is slow or locked right now"}, nil
		}
	})
}

func hostname() string {
	h, _ := os.Hostname()
	return h
}
