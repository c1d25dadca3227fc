// Package projections holds dos's views: pure folds over the journal's
// records (plus git, through a thin evidence edge, where a view needs
// commits). Each view is a value computed from an iterator of records and an
// injected clock, so it is tested with values alone; cmd/dos renders it as
// aligned text or as one JSON document described by a schema in schemas/.
//
// Views never write: nothing in this package appends to the journal, takes a
// lease or moves a cursor. An empty or missing journal is an empty view.
//
//	view        fold                                   JSON schema
//	observe     counts by syscall|verdict|run|…        schemas/observe.schema.json
//	helped      what dos caught, beside N verdicts     schemas/helped.schema.json
//	trace       one run, its lineage, steps vs git     schemas/trace.schema.json
//	resume      RESUMABLE|COMPLETE|DIVERGED|…          schemas/resume.schema.json
//	decisions   the operator queue                     schemas/decisions.schema.json
//	top         runs and lanes now                     schemas/top.schema.json
package projections
