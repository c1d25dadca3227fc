package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dos-go/dos/projections"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The reference's flag spellings (docs/MIGRATING.md), accepted as aliases
// of dos's own on the finished command tree, so the commands' own files
// stay as they are and each alias is one line here. Every alias is hidden
// from --help (dos's own spelling is the documented one) and mapped onto
// the flag that does the work.

// applyAliases wires every alias onto root's commands that exist in this
// binary (export and notify only in dos-pipes).
func applyAliases(root *cobra.Command, a *App) {
	if c := findCmd(root, "observe"); c != nil {
		mapValue(c, "by", func(v string) string { return map[string]string{"run_id": "run"}[v] }) // --by run_id
	}
	if c := findCmd(root, "helped"); c != nil {
		aliasFlag(c, "session", "run", "the reference's --session SID: this run's records")
		noOp(c, "advisory", "the reference's --advisory (cautions warned, not acted on); every caution is listed here")
	}
	if c := findCmd(root, "decisions"); c != nil {
		noOp(c, "no-tui", "the reference's --no-tui: dos has no TUI")
		decisionsDrill(c, a)
	}
	if c := findCmd(root, "top"); c != nil {
		mapValue(c, "interval", bareSeconds) // --interval 5.0
	}
	if c := findCmd(root, "journal", "tail"); c != nil {
		positionalFlag(c, "lines") // journal tail N
	}
	for _, verb := range []string{"reward", "improve"} {
		if c := findCmd(root, verb); c != nil {
			ignored(c, "narrated", "the reference's --narrated TEXT: carried along, never read, never recorded")
		}
	}
	for _, verb := range []string{"resume", "complete"} {
		if c := findCmd(root, verb); c != nil {
			noOp(c, "no-record", "the reference's --no-record: resume and complete never record")
		}
	}
	if c := findCmd(root, "export"); c != nil && c.Flags().Lookup("addr") != nil {
		exportAliases(c)
	}
	if c := findCmd(root, "notify"); c != nil && c.PersistentFlags().Lookup("notifier") != nil {
		notifyAliases(c, a)
	}
}

// findCmd walks root by command names.
func findCmd(root *cobra.Command, path ...string) *cobra.Command {
	c := root
	for _, name := range path {
		var next *cobra.Command
		for _, sub := range c.Commands() {
			if sub.Name() == name {
				next = sub
			}
		}
		if next == nil {
			return nil
		}
		c = next
	}
	return c
}

// mappedValue rewrites what a flag is given before the flag reads it.
type mappedValue struct {
	pflag.Value
	mapTo func(string) string
}

func (m mappedValue) Set(v string) error {
	if to := m.mapTo(v); to != "" {
		v = to
	}
	return m.Value.Set(v)
}

// mapValue makes cmd's --flag accept the reference's values (fn returns
// "" to keep a value as it is).
func mapValue(cmd *cobra.Command, flag string, fn func(string) string) {
	if f := cmd.Flags().Lookup(flag); f != nil {
		f.Value = mappedValue{f.Value, fn}
	}
}

// bareSeconds maps a bare number of seconds ("5.0") to a duration ("5.0s").
func bareSeconds(v string) string {
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v + "s"
	}
	return ""
}

// forward is a flag whose value is handed to another flag of the same set.
type forward struct {
	set    *pflag.FlagSet
	target string
	mapTo  func(string) string
	value  string
}

func (f *forward) String() string { return f.value }
func (f *forward) Type() string   { return "string" }
func (f *forward) Set(v string) error {
	f.value = v
	if f.mapTo != nil {
		v = f.mapTo(v)
	}
	return f.set.Set(f.target, v)
}

// aliasFlag adds the hidden --name, handing its value to --target.
func aliasFlag(cmd *cobra.Command, name, target, usage string) {
	fs := cmd.Flags()
	if fs.Lookup(target) == nil {
		fs = cmd.PersistentFlags()
	}
	fs.Var(&forward{set: fs, target: target}, name, usage)
	_ = fs.MarkHidden(name)
}

// noOp adds the hidden boolean --name that changes nothing.
func noOp(cmd *cobra.Command, name, usage string) {
	cmd.Flags().Bool(name, false, usage)
	_ = cmd.Flags().MarkHidden(name)
}

// ignored adds the hidden string --name whose value is never read.
func ignored(cmd *cobra.Command, name, usage string) {
	cmd.Flags().String(name, "", usage)
	_ = cmd.Flags().MarkHidden(name)
}

// positionalFlag lets cmd take --flag's value as its one argument too.
func positionalFlag(cmd *cobra.Command, flag string) {
	cmd.Args = cobra.MaximumNArgs(1)
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 1 {
			if c.Flags().Changed(flag) {
				return UsageErrorf("give the count once: %s N or --%s N", c.Name(), flag)
			}
			if err := c.Flags().Set(flag, args[0]); err != nil {
				return UsageErrorf("%s %q: %v", c.Name(), args[0], err)
			}
		}
		return run(c, nil)
	}
}

// exportAliases: --host/--port (the statsd target, default
// 127.0.0.1:8125) → --addr, --follow-interval SECS → --interval. --to
// stays required (the reference defaults to null): a cron line that names
// no destination is a configuration error here, not a silent no-op.
func exportAliases(c *cobra.Command) {
	var host, port string
	c.Flags().StringVar(&host, "host", "", "the reference's statsd --host (with --port: --addr HOST:PORT)")
	c.Flags().StringVar(&port, "port", "", "the reference's statsd --port")
	aliasFlag(c, "follow-interval", "interval", "the reference's --follow-interval SECS: --interval")
	if f := c.Flags().Lookup("follow-interval"); f != nil {
		f.Value.(*forward).mapTo = func(v string) string {
			if s := bareSeconds(v); s != "" {
				return s
			}
			return v
		}
	}
	for _, n := range []string{"host", "port"} {
		_ = c.Flags().MarkHidden(n)
	}
	pre := c.PreRunE
	c.PreRunE = func(cmd *cobra.Command, args []string) error {
		if host != "" || port != "" {
			if cmd.Flags().Changed("addr") {
				return UsageErrorf("pass --addr or --host/--port, not both")
			}
			if host == "" {
				host = "127.0.0.1"
			}
			if port == "" {
				port = "8125"
			}
			if err := cmd.Flags().Set("addr", host+":"+port); err != nil {
				return err
			}
		}
		if pre != nil {
			return pre(cmd, args)
		}
		return nil
	}
}

// notifyAliases: --token SECRET is the Slack bot token (with a warning:
// it is visible in ps); --top K is --max. --notifier stays required, as
// --to does for export.
func notifyAliases(c *cobra.Command, a *App) {
	var token string
	pf := c.PersistentFlags()
	pf.StringVar(&token, "token", "", "the reference's --token SECRET (visible in ps: prefer --token-file or $SLACK_BOT_TOKEN)")
	aliasFlag(c, "top", "max", "the reference's --top K: --max")
	_ = pf.MarkHidden("token")
	pre := c.PersistentPreRunE
	c.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if root := cmd.Root(); root.PersistentPreRunE != nil {
			if err := root.PersistentPreRunE(cmd, args); err != nil {
				return err
			}
		}
		if token != "" {
			a.Warnf("--token puts the secret on the command line, where every user sees it in ps; use --token-file or $SLACK_BOT_TOKEN")
			env := a.getenv
			a.getenv = func(k string) string {
				if k == "SLACK_BOT_TOKEN" {
					return token
				}
				return env(k)
			}
		}
		if pre != nil {
			return pre(cmd, args)
		}
		return nil
	}
}

// compatArgs rewrites a command line the reference accepts and cobra
// cannot parse as it stands: `notify` with no subcommand is `notify
// decisions` (the reference requires one; its users' cron lines name
// none). It changes nothing when the binary has no real notify.
func compatArgs(root *cobra.Command, args []string) []string {
	if len(args) == 0 || args[0] != "notify" {
		return args
	}
	c := findCmd(root, "notify")
	if c == nil || c.PersistentFlags().Lookup("notifier") == nil {
		return args
	}
	for _, a := range args[1:] {
		if a == "-h" || a == "--help" || a == "help" || findCmd(c, a) != nil {
			return args
		}
	}
	return append([]string{"notify", "decisions"}, args[1:]...)
}

// decisionsDrill: `decisions N` and `decisions show N` print the N-th row
// (1-based) of the queue the flags select.
func decisionsDrill(c *cobra.Command, a *App) {
	c.Args = cobra.MaximumNArgs(2)
	run := c.RunE
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return run(cmd, args)
		}
		if len(args) == 2 && args[0] != "show" || len(args) == 1 && args[0] == "show" {
			return UsageErrorf("usage: dos decisions [show] N")
		}
		n, err := strconv.Atoi(args[len(args)-1])
		if err != nil || n < 1 {
			return UsageErrorf("decisions %s: N is a row number, 1 or more", strings.Join(args, " "))
		}
		return a.drillDecision(cmd, n)
	}
}

// drillDecision prints the n-th open decision the command's flags select.
func (a *App) drillDecision(cmd *cobra.Command, n int) error {
	all, _ := cmd.Flags().GetBool("all")
	resolver, _ := cmd.Flags().GetString("resolver")
	window, _ := cmd.Flags().GetString("window")
	o := projections.DecisionOptions{Now: a.now(), All: all}
	var err error
	if o.Resolver, o.Window, err = DecisionFlags(resolver, window); err != nil {
		return err
	}
	r, err := a.ViewReader()
	if err != nil {
		return err
	}
	q, err := projections.Decisions(CtxOr(cmd), r, o)
	if err != nil {
		return err
	}
	if n > len(q.Decisions) {
		return WithCode(1, fmt.Errorf("decision %d: there are %d open decisions", n, len(q.Decisions)))
	}
	d := q.Decisions[n-1]
	if a.jsonOut {
		return a.PrintJSON(d)
	}
	w := a.stdout
	fmt.Fprintf(w, "%d. %s  [%s · %s · %s]\n", n, d.Title, d.Resolver, d.Urgency, d.Kind)
	fmt.Fprintf(w, "   id       %s\n   why      %s\n", d.ID, d.Reason)
	if d.RunID != "" {
		fmt.Fprintf(w, "   run      %s\n", d.RunID)
	}
	if d.Lane != "" {
		fmt.Fprintf(w, "   lane     %s\n", d.Lane)
	}
	fmt.Fprintf(w, "   opened   %s\n   resolve  %s\n", d.Created.UTC().Format(time.RFC3339), d.Command)
	return nil
}
