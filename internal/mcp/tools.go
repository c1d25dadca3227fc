package mcp

import (
	"context"
	"errors"
	"fmt"
	"sort"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	dosconfig "github.com/dos-go/dos/config"
	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/internal/setup"
	"github.com/dos-go/dos/internal/version"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/vocab"
)

const wsDoc = "the git repository (default $DOS_WORKSPACE, else the server's directory)"

type verifyIn struct {
	Plan      string `json:"plan" jsonschema:"the plan token, e.g. AUTH"`
	Phase     string `json:"phase" jsonschema:"the phase token, e.g. AUTH2: a commit whose subject starts with AUTH2: and that changed files ships it"`
	Ref       string `json:"ref,omitempty" jsonschema:"the ref to look from (default HEAD)"`
	RunID     string `json:"run_id,omitempty" jsonschema:"the run this verdict belongs to (default $DOS_RUN_ID)"`
	Workspace string `json:"workspace,omitempty" jsonschema:"the git repository (default $DOS_WORKSPACE, else the server's directory)"`
}

type verifyOut struct {
	kernel.VerifyJSON
	Interpretation string `json:"interpretation"`
}

type runIn struct {
	RunID     string `json:"run_id" jsonschema:"the run (a 26-character ULID, as dos run start prints)"`
	Workspace string `json:"workspace,omitempty" jsonschema:"the git repository (default $DOS_WORKSPACE, else the server's directory)"`
}

type statusOut struct {
	RunID          string            `json:"run_id"`
	Liveness       *kernel.Report    `json:"liveness,omitempty"`
	Leases         []vocab.HeldLease `json:"leases"`
	Error          string            `json:"error,omitempty"`
	Interpretation string            `json:"interpretation"`
}

type arbitrateIn struct {
	Lane      string   `json:"lane,omitempty" jsonschema:"the lane to take, a token such as api (empty: walk dos.toml's autopick)"`
	Paths     []string `json:"paths,omitempty" jsonschema:"repo-relative path prefixes the lane covers (. is the whole tree)"`
	RunID     string   `json:"run_id,omitempty" jsonschema:"who would hold it (default $DOS_RUN_ID)"`
	Workspace string   `json:"workspace,omitempty" jsonschema:"the git repository (default $DOS_WORKSPACE, else the server's directory)"`
}

type arbitrateOut struct {
	Outcome        string           `json:"outcome"` // acquire | refuse
	Lane           string           `json:"lane"`
	Paths          []string         `json:"paths"`
	Reason         string           `json:"reason"`
	Holding        *vocab.HeldLease `json:"holding,omitempty"`
	LiveLeases     int              `json:"live_leases"`
	Interpretation string           `json:"interpretation"`
}

type wsIn struct {
	Workspace string `json:"workspace,omitempty" jsonschema:"the git repository (default $DOS_WORKSPACE, else the server's directory)"`
}

type doctorOut struct {
	DosVersion     string            `json:"dos_version"`
	Workspace      string            `json:"workspace"`
	Git            bool              `json:"git"`
	Journal        string            `json:"journal"`
	JournalLastSeq uint64            `json:"journal_last_seq"`
	Hooks          []setup.HostHooks `json:"hooks"`
	Interpretation string            `json:"interpretation"`
}

func (s *server) addTools(srv *sdk.Server) {
	tool(s, srv, "dos_verify", "Did PLAN PHASE ship? A commit reachable from the ref whose subject starts with PHASE: and that changed files. Journaled like `dos verify` (source mcp).", "verify PLAN PHASE", s.verify)
	tool(s, srv, "dos_status", "Is the run advancing, spinning or stalled, and which lanes does it hold? Journals a liveness verdict like `dos liveness`.", "liveness --run-id RUN", s.status)
	tool(s, srv, "dos_arbitrate", "Would taking this lane be admitted or refused against dos.toml's lanes and the live leases? `dos arbitrate`: takes nothing, journals nothing.", "arbitrate --lane LANE", s.arbitrate)
	tool(s, srv, "dos_trace", "One run end to end: lineage, every record, its claims beside what git says now, its leases and commits (`dos trace`). Read-only.", "trace RUN", s.trace)
	tool(s, srv, "dos_decisions", "What waits on someone: each open decision with its resolver, age and the one command that settles it (`dos decisions`). Read-only.", "decisions", s.decisions)
	tool(s, srv, "dos_doctor", "Where dos works here: the workspace, the journal, and which agent hosts have dos's hooks wired.", "doctor", s.doctor)
	tool(s, srv, "dos_refuse_reasons", "Every reason code a dos refusal or warning can carry, with what it means and how to fix it.", "exit-codes", s.reasons)
	tool(s, srv, "dos_check_reason", "Look up one reason code (path-overlap, scope-escape, …): known or not, its category and its fix.", "exit-codes", s.checkReason)
}

func (s *server) verify(ctx context.Context, in verifyIn) (any, error) {
	run, err := kernel.ResolveRunID(in.RunID, s.cfg.Getenv)
	if err != nil {
		return nil, err
	}
	env, w := s.env(s.paths(in.Workspace), run)
	defer w.Close()
	res, err := kernel.Verify(ctx, env, kernel.VerifyRequest{Plan: in.Plan, Phase: in.Phase, Ref: in.Ref})
	if err != nil {
		return nil, err
	}
	out := verifyOut{VerifyJSON: res.JSON().(kernel.VerifyJSON)}
	if out.Shipped {
		out.Interpretation = fmt.Sprintf("%s shipped in %s: the claim is backed by git", in.Phase, vocab.ShortSHA(out.SHA))
	} else {
		out.Interpretation = fmt.Sprintf("%s has not shipped: land a commit whose subject starts with `%s:` and changes files before claiming it", in.Phase, in.Phase)
	}
	return out, nil
}

func (s *server) status(ctx context.Context, in runIn) (any, error) {
	if !journal.ValidRunID(in.RunID) {
		return statusOut{RunID: in.RunID, Leases: []vocab.HeldLease{}, Error: "not a run id (a 26-character ULID)", Interpretation: "pass the id `dos run start` printed"}, nil
	}
	p := s.paths(in.Workspace)
	env, w := s.env(p, in.RunID)
	defer w.Close()
	out := statusOut{RunID: in.RunID, Leases: []vocab.HeldLease{}}
	res, err := kernel.Liveness(ctx, env, kernel.LivenessRequest{Policy: vocab.DefaultLiveness()})
	if err != nil {
		out.Error = err.Error()
	} else {
		rep := res.Report()
		out.Liveness = &rep
	}
	live, err := kernel.LiveLeases(ctx, p.Journal, s.cfg.Now())
	if err != nil {
		return nil, err
	}
	for _, l := range live {
		if l.Holder.RunID == in.RunID {
			out.Leases = append(out.Leases, l)
		}
	}
	switch {
	case out.Liveness == nil:
		out.Interpretation = "no liveness verdict: " + out.Error
	case out.Liveness.Verdict == vocab.VerdictAdvancing:
		out.Interpretation = "the run is advancing"
	default:
		out.Interpretation = fmt.Sprintf("the run is %s (%s): land a commit, or hand the run to a person", out.Liveness.Verdict, out.Liveness.Reason)
	}
	return out, nil
}

func (s *server) arbitrate(ctx context.Context, in arbitrateIn) (any, error) {
	if in.Lane != "" {
		if err := vocab.CheckToken("lane", in.Lane); err != nil {
			return nil, err
		}
	}
	run := in.RunID
	if run == "" {
		run = s.cfg.Getenv("DOS_RUN_ID")
	}
	p := s.paths(in.Workspace)
	env, w := s.env(p, run)
	defer w.Close()
	env.Lane = in.Lane
	res, err := kernel.Arbitrate(ctx, env, kernel.ArbitrateRequest{Paths: in.Paths, Lanes: dosconfig.Load(p.Workspace).Lanes, AutoPick: in.Lane == ""})
	if err != nil {
		return nil, err
	}
	var d vocab.ArbitrateDetail
	_ = res.Record.Detail.Decode(&d)
	out := arbitrateOut{Outcome: "acquire", Lane: res.Record.Lane, Paths: d.Paths, Reason: res.Verdict.Reason, Holding: d.Holding, LiveLeases: d.Live, Interpretation: res.Verdict.Why}
	if res.Verdict.Token != vocab.VerdictAdmit {
		out.Outcome = "refuse"
	}
	if out.Paths == nil {
		out.Paths = []string{}
	}
	return out, nil
}

// reader opens the journal as a view reader.
func (s *server) reader(workspace string) (*journal.Journal, projections.Git, error) {
	p := s.paths(workspace)
	j, err := journal.Open(p.Journal)
	if errors.Is(err, journal.ErrNoJournal) {
		return nil, nil, fmt.Errorf("no journal yet at %s (nothing has been recorded)", p.Journal)
	}
	if err != nil {
		return nil, nil, err
	}
	var g projections.Git
	if repo, err := git.Open(p.Workspace); err == nil {
		g = projections.FromRepo(repo)
	}
	return j, g, nil
}

func (s *server) trace(ctx context.Context, in runIn) (any, error) {
	if !journal.ValidRunID(in.RunID) {
		return nil, fmt.Errorf("%q is not a run id (a 26-character ULID)", in.RunID)
	}
	j, g, err := s.reader(in.Workspace)
	if err != nil {
		return nil, err
	}
	return projections.Trace(ctx, j, g, in.RunID, s.cfg.Now())
}

func (s *server) decisions(ctx context.Context, in wsIn) (any, error) {
	j, _, err := s.reader(in.Workspace)
	if err != nil {
		return nil, err
	}
	return projections.Decisions(ctx, j, projections.DecisionOptions{Now: s.cfg.Now()})
}

func (s *server) doctor(_ context.Context, in wsIn) (any, error) {
	p := s.paths(in.Workspace)
	out := doctorOut{DosVersion: version.Get().Version, Workspace: p.Workspace, Journal: p.Journal, Hooks: setup.HostsProbe(p.Workspace)}
	_, err := git.Open(p.Workspace)
	out.Git = err == nil
	if j, err := journal.Open(p.Journal); err == nil {
		out.JournalLastSeq, _ = j.LastSeq()
	}
	var wired []string
	for _, h := range out.Hooks {
		if h.Wired {
			wired = append(wired, h.Host)
		}
	}
	sort.Strings(wired)
	switch {
	case !out.Git:
		out.Interpretation = "not a git repository: dos has no evidence here"
	case len(wired) == 0:
		out.Interpretation = "no agent host has dos's hooks wired: run `dos init --hooks claude-code` (or auto)"
	default:
		out.Interpretation = fmt.Sprintf("hooks wired for %v", wired)
	}
	return out, nil
}
