package vocab

// The views' verdicts: `dos resume` and `dos complete` judge a run from
// its journal and git, append nothing, and exit with these codes.
const (
	VerdictResumable   = "RESUMABLE"   // some declared steps verified, in order, all on HEAD; continue at the first unverified
	VerdictComplete    = "COMPLETE"    // every declared step is verified on HEAD
	VerdictDiverged    = "DIVERGED"    // a verified step left HEAD, or steps were verified out of order
	VerdictUnresumable = "UNRESUMABLE" // nothing declared: there is nothing to resume
	VerdictIncomplete  = "INCOMPLETE"  // complete: some declared step is not verified (or none was declared)
)

var viewVerbs = []Verb{
	{"resume", "", "", "where does a run continue? (its declared steps re-verified against git)", []Outcome{
		{VerdictResumable, 0, ClassOK, "some declared steps verified, in order, all on HEAD: continue at the first unverified"},
		{VerdictComplete, 3, ClassOK, "every declared step is verified on HEAD: nothing to resume"},
		{VerdictDiverged, 4, ClassFail, "a verified step left HEAD, or steps were verified out of order"},
		{VerdictUnresumable, 5, ClassWarn, "nothing was declared: there is nothing to resume"},
	}},
	{"complete", "", "", "is every declared step of a run verified?", []Outcome{
		{VerdictComplete, 0, ClassOK, "every declared step is verified on HEAD"},
		{VerdictIncomplete, 3, ClassWarn, "some declared step is not verified (or none was declared)"},
	}},
}

// ViewVerbs returns the verdict-bearing views: they read, never append.
func ViewVerbs() []Verb {
	out := make([]Verb, len(viewVerbs))
	copy(out, viewVerbs)
	return out
}

// MustViewVerb returns the view verb named name ("resume", "complete").
func MustViewVerb(name string) Verb {
	for _, v := range viewVerbs {
		if v.Name == name {
			return v
		}
	}
	panic("vocab: no view verb " + name)
}
