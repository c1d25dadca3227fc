package pipes

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/dos-go/dos/exporters"
	"github.com/dos-go/dos/internal/cli"
	"github.com/dos-go/dos/internal/ui"
	"github.com/dos-go/dos/internal/version"
	"github.com/spf13/cobra"
)

// runExport is `dos export`: build the driver, drain, say what happened in
// one line (or one JSON document), exit 0/1/2.
func runExport(a *cli.App, cmd *cobra.Command, f exportFlags) error {
	if f.to == "" {
		return cli.UsageErrorf("--to is required: one of %s", strings.Join(exporters.Drivers().Names(), ", "))
	}
	if !f.follow { // --follow waits for a journal to appear; a one-shot export must not call a typo empty
		if err := a.CheckNamedJournal(); err != nil {
			return err
		}
	}
	o, err := f.options(a.Paths().Journal)
	if err != nil {
		return err
	}
	exp, err := exporters.Drivers().New(f.to, exporters.Settings{
		Getenv: a.Getenv, Now: a.Now, Hostname: os.Hostname, Stdout: a.Stdout(),
		Endpoint: f.endpoint, Addr: f.addr, Path: f.path, TagLane: f.tagLane, StatsdTimestamps: f.statsdTimestamps,
		Cursor: o.Cursor, Version: version.Get().Version, Warn: func(s string) { a.Warnf("%s", s) },
	})
	if err != nil {
		return cli.WithCode(2, err)
	}
	defer exp.Close()

	// stdout carries the payload for --dry-run and --path -; the result
	// line then goes to stderr.
	payloadOnStdout := f.dryRun && !a.JSON() || f.to == "file" && f.path == "-"
	note := a.Stdout()
	if payloadOnStdout {
		note = a.Stderr()
	}
	o.Now = a.Now
	o.Warn = func(s string) { a.Warnf("%s", s) }
	if f.verbose {
		o.Retrying = o.Warn
	}
	if f.dryRun && !a.JSON() {
		o.DryRunOut = a.Stdout()
	}
	var bar *progressBar
	if ui.IsTerminal(a.Stderr()) && !a.JSON() {
		bar = newProgressBar(a.Stderr(), a.Now)
		o.Progress = bar.update
	}
	res, err := exporters.Drain(cli.CtxOr(cmd), exp, o)
	if bar != nil {
		bar.clear()
	}
	if err != nil && exporters.IsConfig(err) {
		return cli.WithCode(2, err)
	}
	if a.JSON() {
		if jerr := ui.JSON(note, res); jerr != nil {
			return jerr
		}
	} else {
		fmt.Fprintln(note, resultLine(res, f.dryRun))
	}
	switch {
	case errors.Is(err, exporters.ErrBusy):
		return cli.WithCode(1, err)
	case err != nil:
		var de *exporters.DeliveryError
		var ce *exporters.CursorSaveError
		if errors.As(err, &de) || errors.As(err, &ce) {
			return cli.WithCode(1, fmt.Errorf("%s: %w", res.Destination, err))
		}
		return cli.WithCode(2, err)
	case res.Broken != "":
		return cli.WithCode(1, fmt.Errorf("stopped where the journal breaks, after delivering what precedes it: %s; restore the journal (`dos journal verify`) and rerun", res.Broken))
	case res.BadLines > 0:
		return cli.WithCode(1, fmt.Errorf("%d bad journal lines were skipped; run `dos journal verify`", res.BadLines))
	case res.Interrupted && !f.follow && res.CursorSeq < res.JournalSeq:
		return cli.WithCode(1, fmt.Errorf("interrupted: records after seq %d were not exported", res.CursorSeq))
	}
	return nil
}

// resultLine is the one-line summary of a drain.
func resultLine(r exporters.Result, dryRun bool) string {
	dest := r.Destination
	if !r.Acknowledged {
		dest += " (" + unackedNote(r.Destination) + ")"
	}
	cursor := fmt.Sprintf("cursor %s at %d", r.Cursor, r.CursorSeq)
	if r.CursorSeq == 0 {
		cursor = fmt.Sprintf("cursor %s not set", r.Cursor)
	}
	var b strings.Builder
	switch {
	case dryRun:
		fmt.Fprintf(&b, "dry run: would export %s%s to %s; %s (unchanged)", records(r.Exported), seqRange(r), dest, cursor)
	case r.NoJournal && r.Exported == 0:
		fmt.Fprintf(&b, "nothing to export: no journal yet; %s", cursor)
	case r.Exported == 0 && r.Error == "":
		fmt.Fprintf(&b, "nothing to export: %s, journal at %d", cursor, r.JournalSeq)
	default:
		fmt.Fprintf(&b, "exported %s%s to %s; %s", records(r.Exported), seqRange(r), dest, cursor)
	}
	if r.Filtered > 0 {
		fmt.Fprintf(&b, "; %s filtered out", records(r.Filtered))
	}
	if r.Error != "" {
		fmt.Fprintf(&b, "; not delivered from seq %d on", r.CursorSeq+1)
	}
	return b.String()
}

func unackedNote(dest string) string {
	if strings.HasPrefix(dest, "statsd udp ") {
		return "UDP: sent, never acknowledged"
	}
	return "sent, never acknowledged"
}

func records(n uint64) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}

func seqRange(r exporters.Result) string {
	if r.Exported == 0 {
		return ""
	}
	return fmt.Sprintf(" (seq %d..%d)", r.FirstSeq, r.LastSeq)
}
