package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

func leaseCmd(a *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "lease",
		Short:   "Take, renew and give back lanes: GRANTED 0 / REFUSED 1",
		GroupID: GroupVerdicts,
		Long: `A lane is a named slice of the file tree (dos.toml [lanes]: a tree of globs
per lane) one run works in. A lane is refused while another run has it, when
its tree collides with another run's live lease (an identical glob, or more
than a third of it shared), or while an exclusive lane is live. Without
--lane (or, busy, with --autopick) the first free lane of [lanes].autopick is
granted and the record says which and why; --paths overrides the lane's tree.
A lease belongs to the run on its host: any process of the run may renew,
release or re-acquire it; ` + "`dos run end`" + ` releases them all. Leases expire after
their TTL unless heartbeated. Live leases are a fold of the journal's lease
records, so a decision that cannot be journaled is an error (exit 2), never a
grant.`,
		Args: cobra.ArbitraryArgs,
		RunE: ParentRunE,
	}
	cmd.AddCommand(leaseAcquireCmd(a), leaseReleaseCmd(a), leaseHeartbeatCmd(a), leaseLiveCmd(a))
	return cmd
}

func leaseAcquireCmd(a *App) *cobra.Command {
	var k kflags
	var paths []string
	var ttl string
	var autopick bool
	cmd := &cobra.Command{
		Use:   "acquire [--lane L [--autopick]] [--paths P,…] [--ttl 50m]",
		Short: "Take a lane (none named: the first free autopick lane): GRANTED 0 / REFUSED 1",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := config.ParseDuration(ttl)
			if err != nil {
				return UsageErrorf("--ttl: %v", err)
			}
			cfg, err := a.WorkspaceConfig()
			if err != nil {
				return err
			}
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.LeaseAcquire(cmd.Context(), env, kernel.LeaseAcquireRequest{Paths: paths, TTL: d, AutoPick: autopick, Lanes: cfg.Lanes})
			})
		},
	}
	cmd.Flags().StringSliceVar(&paths, "paths", nil, "repo-relative path prefixes the lease covers instead of the lane's dos.toml tree (. is the whole tree)")
	cmd.Flags().BoolVar(&autopick, "autopick", false, "when the lane is busy, collides or is undeclared, take the first free autopick lane instead")
	cmd.Flags().StringVar(&ttl, "ttl", "50m", "the lease dies this long after its last acquire or heartbeat (at most 24h)")
	k.add(cmd)
	k.addPID(cmd)
	cmd.GroupID = ""
	return cmd
}

func leaseReleaseCmd(a *App) *cobra.Command {
	var k kflags
	cmd := &cobra.Command{
		Use:   "release --lane L",
		Short: "Give a lane back: RELEASED 0 / NOT_HELD 1",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.LeaseRelease(cmd.Context(), env)
			})
		},
	}
	k.add(cmd)
	k.addPID(cmd)
	cmd.GroupID = ""
	return cmd
}

func leaseHeartbeatCmd(a *App) *cobra.Command {
	var k kflags
	cmd := &cobra.Command{
		Use:   "heartbeat [--lane L]",
		Short: "Renew the lane (or every lease this holder has): RENEWED 0 / NOT_HELD 1",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.syscall(cmd, &k, func(env kernel.Env) (kernel.Result, error) {
				return kernel.LeaseHeartbeat(cmd.Context(), env)
			})
		},
	}
	k.add(cmd)
	k.addPID(cmd)
	cmd.GroupID = ""
	return cmd
}

func leaseLiveCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "live",
		Short: "List the leases live now (a fold of the journal; records nothing)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.CheckNamedJournal(); err != nil {
				return err
			}
			now := a.now().UTC()
			live, err := kernel.LiveLeases(cmd.Context(), a.Paths().Journal, now)
			if err != nil {
				return err
			}
			if a.jsonOut {
				if live == nil {
					live = []vocab.HeldLease{}
				}
				return a.PrintJSON(live)
			}
			if len(live) == 0 {
				fmt.Fprintln(a.stdout, "no live leases")
				return nil
			}
			tw := ui.Table(a.stdout)
			fmt.Fprintln(tw, "LANE\tHOLDER\tPATHS\tEXPIRES IN")
			for _, l := range live {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ui.Safe(l.Lane), ui.Safe(l.Holder.String()), ui.Safe(strings.Join(l.Paths, ",")), l.ExpiresAt.Sub(now).Round(time.Second))
			}
			return tw.Flush()
		},
	}
}
