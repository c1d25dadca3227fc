package main

import (
	"fmt"

	"github.com/dos-go/dos/projections"
	"github.com/spf13/cobra"
)

// addProjectionCommands registers the views: read-only folds of the journal.
func addProjectionCommands(root *cobra.Command, a *app) {
	root.AddCommand(observeCmd(a))
}

// viewReader opens the journal for a view; a missing journal is a nil
// Reader, which every view folds as empty.
func (a *app) viewReader() (projections.Reader, error) {
	j, ok, err := a.openJournal()
	if err != nil || !ok {
		return nil, err
	}
	return j, nil
}

// render prints a view as its JSON document or as text, then turns bad
// journal lines into exit 1 (the text already listed them).
func (a *app) render(doc any, st projections.ScanStats, text func()) error {
	if a.jsonOut {
		if err := a.printJSON(doc); err != nil {
			return err
		}
	} else {
		text()
	}
	if n := st.Bad(); n > 0 {
		what := "lines"
		if n == 1 {
			what = "line"
		}
		return withCode(1, fmt.Errorf("%d bad %s in the journal; run `dos journal verify`", n, what))
	}
	return nil
}
