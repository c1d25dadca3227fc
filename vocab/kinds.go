package vocab

// Record kinds (a record's `kind`). The journal keeps the same names for
// the kinds it accepts; readers keep records of kinds they do not know.
const (
	KindVerdict = "verdict"
	KindLease   = "lease"
	KindIntent  = "intent"
	KindRun     = "run"
	KindNotify  = "notify"
	KindJournal = "journal" // the journal's own maintenance (journal.repair)
	KindHook    = "hook"    // an agent host's hook call judged (hook.pretool, hook.stop, …)
)
