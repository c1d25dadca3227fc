package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	dosconfig "github.com/dos-go/dos/config"
	"github.com/dos-go/dos/hooks/install"
	"github.com/dos-go/dos/internal/setup"
	"github.com/dos-go/dos/projections"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func initCmd(a *App) *cobra.Command {
	var o setup.Options
	var hosts string
	cmd := &cobra.Command{
		Use:   "init [DIR] [--example NAME] [--hooks HOST|auto] [--dry-run] [--force]",
		Short: "Scaffold dos.toml and .dos/.gitignore; with --hooks, wire dos into an agent host's settings",
		Long: `init writes DIR/dos.toml (DIR defaults to the workspace): one concurrent lane
per top-level directory (dot-directories and build output left out, at most
12) plus an exclusive 'global' lane, or with --example NAME one of the
reference's taxonomies (` + exampleNames() + `); then DIR/.dos/.gitignore.
An existing dos.toml is never overwritten (without --force): init says so and
exits 1 — unless --hooks was asked for, which is then all init does.

--hooks HOST (` + strings.Join(install.HostNames(), ", ") + `, or auto for every host
whose config directory is present) merges dos's hook entries into that host's
settings file: your keys, their order and your own hooks are kept byte for
byte, the write is atomic, and a second run changes nothing. An existing
settings file that is not valid JSON is exit 1 and left untouched. --dry-run
prints what each step would write (the settings diff) and writes nothing;
--force overwrites dos.toml, replaces dos's own hook entries and starts an
invalid settings file afresh.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := a.Paths().Workspace
			if len(args) == 1 {
				dir = args[0]
				if !filepath.IsAbs(dir) {
					dir = filepath.Join(a.Paths().Workspace, dir)
				}
			}
			steps := setup.DefaultSteps()
			note := ""
			if hosts != "" {
				hs, n, err := setup.HookSteps(dir, hosts, a.getenv)
				var he *setup.HookError
				if errors.As(err, &he) {
					return WithCode(1, err)
				}
				if err != nil {
					return UsageErrorf("%v", err)
				}
				steps, note = append(steps, hs...), n
			}
			rep, err := setup.Init(cmd.Context(), dir, o, steps)
			var he *setup.HookError
			if errors.As(err, &he) {
				a.printInit(rep, note)
				return WithCode(1, he)
			}
			if err != nil {
				return UsageErrorf("init: %v", err)
			}
			code := 0
			if rep.ConfigExists() && hosts == "" {
				code = vocab.MustWorkspaceVerb("init").Code(vocab.VerdictExists)
			}
			if a.jsonOut {
				if err := a.PrintJSON(rep); err != nil {
					return err
				}
				return ExitWith(code)
			}
			a.printInit(rep, note)
			switch {
			case code != 0:
				fmt.Fprintf(a.stderr, "dos: %s already exists: nothing was overwritten\n", filepath.Join(dir, dosconfig.FileName))
			case !o.DryRun:
				fmt.Fprintln(a.stdout, "dos workspace initialised. Try:  dos lint   ·   dos doctor")
			}
			return ExitWith(code)
		},
	}
	cmd.Flags().StringVar(&o.Example, "example", "", "write a named example taxonomy instead of inferring lanes ("+exampleNames()+")")
	cmd.Flags().StringVar(&hosts, "hooks", "", "wire dos's hooks into an agent host's settings: "+strings.Join(install.HostNames(), ", ")+", or auto")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "print what each step would write (a settings diff); write nothing")
	cmd.Flags().BoolVar(&o.Force, "force", false, "overwrite dos.toml; replace dos's own hook entries; start an invalid settings file afresh")
	return cmd
}

// printInit prints each step's outcome (and a hook step's notes and diff).
func (a *App) printInit(rep setup.Report, note string) {
	if note != "" {
		fmt.Fprintln(a.stdout, note)
	}
	for _, s := range rep.Steps {
		line := fmt.Sprintf("%s %s", s.Action, s.Path)
		if s.Note != "" {
			line += "  (" + s.Note + ")"
		}
		fmt.Fprintln(a.stdout, line)
		for _, n := range s.Notes {
			fmt.Fprintln(a.stdout, "  "+n)
		}
		if s.Diff != "" {
			fmt.Fprint(a.stdout, s.Diff)
		}
	}
}

func exampleNames() string {
	s := ""
	for i, e := range dosconfig.Examples() {
		if i > 0 {
			s += ", "
		}
		s += e.Name
	}
	return s
}

// lintDoc is `dos lint --json`.
type lintDoc struct {
	File     string              `json:"file"`
	Counts   map[string]int      `json:"counts"`
	Findings []dosconfig.Finding `json:"findings"`
	Verdict  string              `json:"verdict"`
}

func lintCmd(a *App) *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:   "lint [--strict]",
		Short: "Dead policy in dos.toml, each finding at its file:line: CLEAN 0 / FINDINGS 1",
		Long: `lint checks dos.toml beyond parsing: lanes named in concurrent or autopick
without a tree, lanes both concurrent and exclusive, autopick lanes and
alias targets that are not declared, concurrent lanes whose trees overlap or
shadow one another, reasons whose see_also names no lane, plans sharing a
number, lane names records cannot carry, and tables that fell back. Exit 1
on an error or a warning; with --strict only on an error (the reference's
rule); info findings never fail.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, fs := a.lintConfig()
			doc := lintDoc{File: cfg.Path, Counts: map[string]int{dosconfig.SevError: 0, dosconfig.SevWarn: 0, dosconfig.SevInfo: 0}, Findings: fs, Verdict: vocab.VerdictClean}
			for _, f := range fs {
				doc.Counts[f.Severity]++
				if f.Fails(strict) {
					doc.Verdict = vocab.VerdictFindings
				}
			}
			code := vocab.MustWorkspaceVerb("lint").Code(doc.Verdict)
			if a.jsonOut {
				if doc.Findings == nil {
					doc.Findings = []dosconfig.Finding{}
				}
				if err := a.PrintJSON(doc); err != nil {
					return err
				}
				return ExitWith(code)
			}
			if len(fs) == 0 {
				fmt.Fprintf(a.stdout, "CLEAN  %s: no dead policy in the lane taxonomy or the reason registry\n", displayConfig(cfg))
			}
			for _, f := range fs {
				fmt.Fprintln(a.stdout, f)
			}
			return ExitWith(code)
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "fail only on errors, not on warnings")
	return cmd
}

func displayConfig(c *dosconfig.Config) string {
	if !c.Present {
		return "no dos.toml (the generic default)"
	}
	return c.Path
}

// lintConfig loads dos.toml without printing its warnings (lint reports
// them as findings) and lints it with the plan files plans_glob matches.
func (a *App) lintConfig() (*dosconfig.Config, []dosconfig.Finding) {
	root := a.Paths().Workspace
	cfg := dosconfig.Load(root)
	plans, _ := projections.PlanFiles(root, cfg.Paths.PlansGlob)
	return cfg, dosconfig.Lint(cfg, plans)
}

func doctorCmd(a *App) *cobra.Command {
	var check bool
	cmd := &cobra.Command{
		Use:   "doctor [--check]",
		Short: "Is this workspace set up? git, the repository, the journal, .dos ignored, hooks, dos-pipes, dos.toml",
		Long: `doctor checks, and names each problem with its fix: git on PATH; the
workspace is a git repository; the journal is writable and its hash chain
verifies; .dos/ is ignored by git; which agent hosts run dos's hooks;
dos-pipes (export, notify) is found; dos.toml is valid (dos lint). With
--check it exits 1 when a check failed (hooks and dos-pipes only warn), for CI.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := a.Paths()
			cfg, fs := a.lintConfig()
			pipes, perr := a.pipesBinary()
			rep := setup.Doctor(CtxOr(cmd), setup.DoctorInput{Workspace: p.Workspace, Journal: p.Journal, Config: cfg, Findings: fs, Pipes: pipes, PipesErr: perr})
			code := 0
			if check && !rep.Healthy {
				code = vocab.MustWorkspaceVerb("doctor").Code(vocab.VerdictUnhealthy)
			}
			if a.jsonOut {
				if err := a.PrintJSON(rep); err != nil {
					return err
				}
				return ExitWith(code)
			}
			out := a.Out()
			for _, c := range rep.Checks {
				mark := out.Paint("32", "ok  ")
				if !c.OK {
					mark = out.Paint("31", "FAIL")
					if c.Severity == setup.SevWarn {
						mark = out.Paint("33", "warn")
					}
				}
				line := fmt.Sprintf("%s  %-13s %s", mark, c.Name, c.Detail)
				if !c.OK && c.Fix != "" {
					line += " — " + c.Fix
				}
				fmt.Fprintln(a.stdout, line)
			}
			fmt.Fprintf(a.stdout, "lanes          concurrent %v · exclusive %v · autopick %v\n", rep.Lanes.Concurrent, rep.Lanes.Exclusive, rep.Lanes.Autopick)
			for _, f := range fs {
				if check {
					fmt.Fprintf(a.stderr, "finding: %s\n", f)
				}
			}
			verdict := vocab.VerdictHealthy
			if !rep.Healthy {
				verdict = vocab.VerdictUnhealthy
			}
			fmt.Fprintln(a.stdout, verdict)
			return ExitWith(code)
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "exit 1 when a check failed (for CI)")
	return cmd
}
