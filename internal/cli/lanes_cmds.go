package cli

import (
	"context"

	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/lease"
	"github.com/spf13/cobra"
)

func arbitrateCmd(a *App) *cobra.Command {
	var k kflags
	var req kernel.ArbitrateRequest
	cmd := &cobra.Command{
		Use:   "arbitrate [--lane L [--autopick]] [--tree G…|--paths P…] [--leases JSON] [--journal-decision]",
		Short: "Would lease acquire grant this lane now? ADMIT 0 / REFUSE 1 (takes nothing, records nothing)",
		Long: `The lane arbiter's decision, taking nothing: what ` + "`dos lease acquire`" + ` would
answer for this run and lane against the live leases (or --leases, a JSON
array of {lane, tree, lane_kind, holder}; '[]' is an empty world). Without
--lane the autopick walk runs. Nothing is written unless --journal-decision,
which appends one arbitrate record (detail.decision_only = true).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.WorkspaceConfig()
			if err != nil {
				return err
			}
			req.Lanes = cfg.Lanes
			if !cmd.Flags().Changed("tree") {
				req.Tree = nil
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.Arbitrate(cmd.Context(), env, req)
			})
		},
	}
	cmd.Flags().StringSliceVar(&req.Tree, "tree", nil, "globs the request covers instead of the lane's dos.toml tree")
	cmd.Flags().StringSliceVar(&req.Paths, "paths", nil, "path prefixes the request covers (each P is P/**)")
	cmd.Flags().BoolVar(&req.AutoPick, "autopick", false, "when the lane is busy, collides or is undeclared, decide for the first free autopick lane")
	cmd.Flags().StringVar(&req.LeasesJSON, "leases", "", "a JSON array of live leases to decide against instead of the journal's")
	cmd.Flags().BoolVar(&req.Record, "journal-decision", false, "append the decision as an arbitrate record")
	k.add(cmd)
	k.addPID(cmd)
	return cmd
}

func scopeGateCmd(a *App) *cobra.Command {
	var k kflags
	var req kernel.ScopeGateRequest
	cmd := &cobra.Command{
		Use:   "scope-gate [--lane L] (--file P… | --staged | --base B [--head H])",
		Short: "Does the change stay inside the lane's tree? ALLOW 0 / SCOPE_CREEP 5 / WRONG_TARGET 6",
		Long: `Judges a proposed change against a lane's tree: the lane's dos.toml tree,
else the tree of this run's live lease on it; with no --lane, this run's only
live lease, else the whole tree. The change is --file P (repeatable), or
--staged (git diff --cached), or --base B --head H (git diff B H; H defaults
to HEAD). Shared-infrastructure basenames outside the tree are tolerated.
One scope.gate record is appended; git that cannot be read is exit 2.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.WorkspaceConfig()
			if err != nil {
				return err
			}
			req.Lanes = cfg.Lanes
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.ScopeGate(cmd.Context(), env, req)
			})
		},
	}
	cmd.Flags().StringArrayVar(&req.Files, "file", nil, "a repo-relative file the change touches (repeatable)")
	cmd.Flags().BoolVar(&req.Staged, "staged", false, "judge the files staged in the index")
	cmd.Flags().StringVar(&req.Base, "base", "", "judge the files changed from this commit")
	cmd.Flags().StringVar(&req.Head, "head", "", "… to this commit (default HEAD)")
	k.add(cmd)
	return cmd
}

// laneBoard is every declared lane FREE or HELD now, for the views; nil
// (no board) when dos.toml or the leases cannot be read.
func (a *App) laneBoard(ctx context.Context) []lease.LaneState {
	cfg, err := a.WorkspaceConfig()
	if err != nil {
		return nil
	}
	live, err := kernel.LiveLeases(ctx, a.Paths().Journal, a.now().UTC())
	if err != nil {
		return nil
	}
	return lease.Board(cfg.Lanes, live)
}
