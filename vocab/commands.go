package vocab

// The commands whose exit codes are not verdict tokens: the views that
// only print, the journal's check, and the pipes. `dos exit-codes` lists
// them after the verdict verbs and the verdict-bearing views, so every
// command a script branches on is in one table. Their outcomes carry no
// token (Token ""); Meaning says what the code means.
var commands = []Verb{
	{"observe", "", "", "count verdicts, or list records", viewOutcomes},
	{"helped", "", "", "what dos caught", viewOutcomes},
	{"decisions", "", "", "the operator queue", viewOutcomes},
	{"top", "", "", "what is running now", viewOutcomes},
	{"trace", "", "", "one run end to end", []Outcome{
		{"", 0, ClassOK, "the run was printed"},
		{"", 1, ClassWarn, "the journal holds no record of the run, or holds bad lines (listed)"},
	}},
	{"journal verify", "", "", "walk the hash chain", []Outcome{
		{"", 0, ClassOK, "the chain is intact"},
		{"", 1, ClassFail, "a breach (the first record edited, removed, reordered or inserted is named), a cursor the journal no longer backs, a keyed checkpoint that does not hold, or a difference from --against's copy"},
	}},
	{"export", "", "", "drain the journal to a file, DogStatsD or OTLP from a saved cursor", []Outcome{
		{"", 0, ClassOK, "everything was delivered, or there was nothing to send"},
		{"", 1, ClassWarn, "some records were not delivered; the cursor holds at the last acknowledged one"},
	}},
	{"notify", "", "", "post decisions or what is running to Slack or a webhook", []Outcome{
		{"", 0, ClassOK, "delivered, or nothing new to say"},
		{"", 1, ClassWarn, "a send failed; nothing was recorded and the next run retries"},
	}},
}

// viewOutcomes are the codes of a view that only prints.
var viewOutcomes = []Outcome{
	{"", 0, ClassOK, "the view was printed"},
	{"", 1, ClassWarn, "the journal holds bad lines (counted and listed)"},
}

// Commands returns the commands whose exit codes are not verdicts.
func Commands() []Verb {
	out := make([]Verb, len(commands))
	copy(out, commands)
	return out
}

// AllVerbs is every table `dos exit-codes` prints, in its order: the
// verdict verbs, the verdict-bearing views, the workspace verbs, then the
// other commands.
func AllVerbs() []Verb {
	return append(append(append(Verbs(), ViewVerbs()...), WorkspaceVerbs()...), Commands()...)
}
