package kernel

import (
	"context"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// CoverageRequest is coverage's input: the declared count (required), and
// either caller-asserted states or transcripts to witness.
type CoverageRequest struct {
	Declared    *int
	States      *string // --states, given (possibly empty)
	Transcripts []string
	Glob        string
	MinQuorum   *float64
}

// CoverageJSON is coverage's --json: the Report plus the fold's fields and
// the prompt line a host pastes above the findings.
type CoverageJSON struct {
	Report
	State      string `json:"state"`
	PromptLine string `json:"prompt_line"`
}

func (x CoverageJSON) withReport(r Report) any { x.Report = r; return x }

// Coverage folds how many of the declared fan-out workers returned a real
// result. With --states the states are the caller's word (grounded false);
// otherwise each transcript is read as verify-result reads it.
func Coverage(ctx context.Context, env Env, req CoverageRequest) (Result, error) {
	if req.Declared == nil {
		return Result{}, vocab.Usagef("coverage: --declared N is required (how many workers were fanned out)")
	}
	in := vocab.CoverageInput{Declared: *req.Declared, MinQuorum: req.MinQuorum}
	if req.States != nil {
		if len(req.Transcripts) > 0 || req.Glob != "" {
			return Result{}, vocab.Usagef("coverage: pass --states or transcripts (--transcript, --transcripts-glob), not both")
		}
		st, err := vocab.ParseCoverageStates(*req.States)
		if err != nil {
			return Result{}, err
		}
		in.States = st
	} else {
		paths := append([]string(nil), req.Transcripts...)
		if req.Glob != "" {
			m, err := filepath.Glob(req.Glob)
			if err != nil {
				return Result{}, vocab.Usagef("coverage: --transcripts-glob %q: %v", req.Glob, err)
			}
			sort.Strings(m)
			paths = append(paths, m...)
		}
		in.Grounded = true
		for _, p := range paths {
			_, d := Transcript(p)
			in.States = append(in.States, d.State)
			cls := ""
			if d.State == vocab.StateSynthetic {
				cls = d.Class
			}
			in.Classes = append(in.Classes, cls)
		}
	}
	if len(in.States) == 0 {
		return Result{}, vocab.Usagef("coverage: nothing to fold — pass --states S1,S2,… or --transcript PATH (repeatable) or --transcripts-glob G")
	}
	v, d := vocab.ClassifyCoverage(in)
	res := env.emit(ctx, vocab.SysCoverage, v, journal.Record{}, d)
	_, prompt, _ := strings.Cut(v.Why, " — ")
	res.Extra = CoverageJSON{State: v.Token, PromptLine: prompt}
	return res, nil
}
