package vocab

import "time"

// Commit is one commit as the git edge reports it. Subject is text an
// author wrote: show it, never store it in a record.
type Commit struct {
	SHA          string
	Subject      string
	CommitTime   time.Time
	FilesChanged int // filled only by calls that say so
	DosFiles     int // of FilesChanged, files under dos's own directories (.dos/, the journal): never work
}

// Work reports whether the commit changed a file that is not dos's own.
func (c Commit) Work() bool { return c.FilesChanged > c.DosFiles }

// Short is the commit's abbreviated sha (7 characters).
func (c Commit) Short() string { return ShortSHA(c.SHA) }

// ShortSHA abbreviates a full sha to 7 characters.
func ShortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
