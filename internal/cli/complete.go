package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
	"github.com/spf13/cobra"
)

// Shell completion of values: the closed sets (dimensions, verdicts,
// syscalls, reasons, resolvers) and the run ids the journal holds, so a
// person tabs to a right value instead of typing a wrong one.

// completionTail bounds how far back run ids are looked for: completion
// must answer at the speed of a keystroke whatever the journal's size.
const completionTail = 20000

// completeRunIDs offers the runs of the journal's last records, newest
// first, each described by its name; a run that ended says so.
func (a *App) completeRunIDs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	j, err := journal.Open(a.Paths().Journal)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	last, _ := j.LastGoodSeq()
	from := uint64(1)
	if last > completionTail {
		from = last - completionTail
	}
	type run struct{ name, state string }
	runs := map[string]*run{}
	var order []string
	for r, err := range j.Scan(ctx, journal.Query{From: from}) {
		if err != nil || r.RunID == "" || !strings.HasPrefix(r.RunID, strings.ToUpper(toComplete)) {
			continue
		}
		x := runs[r.RunID]
		if x == nil {
			x = &run{}
			runs[r.RunID] = x
		}
		switch r.Syscall {
		case vocab.SysRunStart:
			x.name = r.Subject
		case vocab.SysRunEnd:
			x.state = "ended"
		}
		order = append(order, r.RunID)
	}
	var out []string
	seen := map[string]bool{}
	for i := len(order) - 1; i >= 0 && len(out) < 50; i-- {
		id := order[i]
		if seen[id] {
			continue
		}
		seen[id] = true
		desc := strings.TrimSpace(runs[id].name + " " + runs[id].state)
		if desc == "" {
			out = append(out, id)
		} else {
			out = append(out, id+"\t"+desc)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeRunArg completes a run-id positional argument (only the first).
func (a *App) completeRunArg(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return a.completeRunIDs(cmd, args, toComplete)
}

// CompleteValues registers completion of flag with a fixed set of values.
func CompleteValues(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// wireArgs makes every argument-count error show the command's usage
// line, whichever file defined the command. An error that carries its own
// exit code keeps it (a hook's usage error is 1, never 2).
func wireArgs(c *cobra.Command) {
	if args := c.Args; args != nil {
		c.Args = func(cmd *cobra.Command, as []string) error {
			if err := args(cmd, as); err != nil {
				code := vocab.ExitUsage
				if ee := (*exitError)(nil); errors.As(err, &ee) {
					code = ee.code
				}
				return WithCode(code, fmt.Errorf("%v; usage: %s", err, cmd.UseLine()))
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wireArgs(sub)
	}
}

// isCompletion reports whether args ask cobra for shell completions.
func isCompletion(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// wireCompletions registers, on every command of the tree, completion of
// the flags that name a run or a closed set, whichever file defined them.
// Run calls it only for a completion request: walking every flag of every
// command costs a verdict ~0.3 ms it has no use for.
func wireCompletions(root *cobra.Command, a *App) {
	values := map[string][]string{
		"reason":   vocab.HaltReasons(),
		"status":   vocab.RunStatuses(),
		"resolver": {"ORACLE", "JUDGE", "HUMAN"},
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, name := range []string{"run-id", "run", "parent"} {
			if c.Flags().Lookup(name) != nil {
				if _, ok := c.GetFlagCompletionFunc(name); !ok {
					_ = c.RegisterFlagCompletionFunc(name, a.completeRunIDs)
				}
			}
		}
		for name, vs := range values {
			if c.LocalFlags().Lookup(name) != nil {
				if _, ok := c.GetFlagCompletionFunc(name); !ok {
					CompleteValues(c, name, vs...)
				}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
