package vocab

import (
	"strings"
	"sync"
)

// Class is how a verdict token reads to a person and to a dashboard. It is
// the one table behind the terminal's colours, OTLP severities, the statsd
// `class` tag and the notifiers' markers, so a token never reads as good
// in one place and as bad in another.
type Class string

// Verdict classes.
const (
	ClassOK   Class = "ok"   // the good outcome: shipped, advancing, granted, kept
	ClassInfo Class = "info" // neutral: recorded, blank, observed; nothing to judge
	ClassWarn Class = "warn" // needs attention: not shipped, spinning, refused, costly
	ClassFail Class = "fail" // harm or a stopped run: stalled, wasteful, poison, arbitrary exec
)

// Classes lists every class, good to bad.
func Classes() []Class { return []Class{ClassOK, ClassInfo, ClassWarn, ClassFail} }

// Step statuses: what a declared or claimed step of a run is, judged
// against git now (trace, resume). A step is never VERIFIED unless git
// backs it.
const (
	StepVerified    = "VERIFIED"     // a stamped commit that changed files is reachable from HEAD
	StepOverClaimed = "OVER_CLAIMED" // claimed, and git does not back it
	StepPending     = "PENDING"      // declared, not claimed, not shipped
	StepDiverged    = "DIVERGED"     // a commit the run verified is no longer reachable from HEAD
	StepUnchecked   = "UNCHECKED"    // no git evidence (no repository): not believed either way
)

// stepClasses classes the step statuses, which are not verdicts of a verb.
func stepClasses() map[string]Class {
	return map[string]Class{
		StepVerified: ClassOK, StepOverClaimed: ClassFail, StepPending: ClassWarn,
		StepDiverged: ClassFail, StepUnchecked: ClassWarn,
	}
}

// classTable maps every token of every verb, view and step status to its
// class. It is built once, on first use, so a process that never asks
// (most verdicts) pays nothing at start; a test holds every token to one
// class whichever verb returns it.
var classTable = sync.OnceValue(func() map[string]Class {
	m := stepClasses()
	for _, table := range [][]Verb{verbs, viewVerbs, workspaceVerbs} {
		for _, v := range table {
			for _, o := range v.Outcomes {
				if o.Token != "" {
					m[o.Token] = o.Class
				}
			}
		}
	}
	return m
})

// ClassOf returns the class of a verdict token or step status. The empty
// verdict of run and intent records is info; an unknown token is warn when
// it starts with NOT_ and info otherwise, so a newer writer's tokens never
// read as success.
func ClassOf(token string) Class {
	if token == "" {
		return ClassInfo
	}
	if c, ok := classTable()[token]; ok {
		return c
	}
	if strings.HasPrefix(token, "NOT_") {
		return ClassWarn
	}
	return ClassInfo
}
