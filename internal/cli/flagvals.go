package cli

import (
	"time"

	"github.com/dos-go/dos/internal/config"
	"github.com/dos-go/dos/projections"
	"github.com/spf13/pflag"
)

// durationValue is a --flag taking a duration as every dos flag does:
// Go's forms plus whole days (7d, 1d12h), via config.ParseDuration.
type durationValue struct{ p *time.Duration }

func (d durationValue) String() string {
	if d.p == nil {
		return ""
	}
	return d.p.String()
}

func (d durationValue) Set(s string) error {
	v, err := config.ParseDuration(s)
	if err != nil {
		return err
	}
	*d.p = v
	return nil
}

func (d durationValue) Type() string { return "duration" }

// DurationVar registers a duration flag on fs that accepts days (7d) as
// well as Go's units; use it for every duration flag, so `1d` works
// everywhere.
func DurationVar(fs *pflag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	fs.Var(durationValue{p}, name, usage)
}

// Window parses --since and --until as every dos reader does: a seq
// (1234), a time (2026-11-20T09:00:00Z or 2026-11-20) or an age before now
// (90m, 7d); a bad one is a usage error naming it.
func (a *App) Window(since, until string) (projections.Window, error) {
	w, err := projections.ParseWindow(since, until, a.now())
	if err != nil {
		return w, UsageErrorf("%v", err)
	}
	return w, nil
}
