package vocab

import (
	"hash/fnv"
	"strconv"
	"strings"
)

// id-alloc: gap-free, never-reused ids per scope, across processes. The
// scope's file name is the reference's: a readable part and a digest.

// IDAllocKey names a scope's counter: the scope with every run of
// characters outside [A-Za-z0-9._-] replaced by '-', trimmed of '-', at
// most 48 characters ("scope" when nothing is left), then '.' and the
// 64-bit FNV-1a of its UTF-8 bytes in base 36, zero-padded to 13.
func IDAllocKey(scope string) string {
	var b strings.Builder
	dash := false
	for i := 0; i < len(scope); i++ {
		c := scope[i]
		if isLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '-' {
			b.WriteByte(c)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	readable := strings.Trim(b.String(), "-")
	if len(readable) > 48 {
		readable = readable[:48]
	}
	if readable == "" {
		readable = "scope"
	}
	h := fnv.New64a()
	h.Write([]byte(scope))
	digest := strconv.FormatUint(h.Sum64(), 36)
	return readable + "." + strings.Repeat("0", 13-len(digest)) + digest
}

// IDAllocDetail is id.alloc's detail (subject = the scope when it is a
// token).
type IDAllocDetail struct {
	Scope  string `json:"scope"`
	Key    string `json:"key"`    // IDAllocKey(scope): the counter's file name
	ID     int64  `json:"id"`     // the id allocated
	Prev   *int64 `json:"prev"`   // the high-water mark before, null on a new scope
	Start  int64  `json:"start"`  // --start (used only on a new scope)
	Reason string `json:"reason"` // new-scope | next
}

// ClassifyIDAlloc allocates: a new scope (no high-water mark) gets start;
// an existing one its high-water mark + 1, whatever start says — an id
// never goes backwards.
func ClassifyIDAlloc(scope string, prev *int64, start int64) (Verdict, IDAllocDetail) {
	d := IDAllocDetail{Scope: scope, Key: IDAllocKey(scope), Prev: prev, Start: start}
	if prev == nil {
		d.ID, d.Reason = start, "new-scope"
		return Verdictf(VerdictAllocated, d.Reason, "%d for scope %q (a new scope starts at %d)", d.ID, scope, start), d
	}
	d.ID, d.Reason = *prev+1, "next"
	return Verdictf(VerdictAllocated, d.Reason, "%d for scope %q (after %d)", d.ID, scope, *prev), d
}
