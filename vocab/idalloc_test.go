package vocab

import (
	"strings"
	"testing"
)

func TestIDAllocKey_ReadablePartAndDigest(t *testing.T) {
	cases := map[string]string{"tags": "tags.", "release notes/v2": "release-notes-v2.", "  ": "scope.", "ünï": "n.", "//": "scope.", "a..b_c-d": "a..b_c-d."}
	for scope, prefix := range cases {
		k := IDAllocKey(scope)
		digest := k[strings.LastIndexByte(k, '.')+1:]
		if !strings.HasPrefix(k, prefix) || len(digest) != 13 || strings.Trim(digest, "0123456789abcdefghijklmnopqrstuvwxyz") != "" {
			t.Errorf("IDAllocKey(%q) = %q", scope, k)
		}
	}
	if IDAllocKey("a b") == IDAllocKey("a/b") {
		t.Error("two scopes with one readable part share a key")
	}
	if k := IDAllocKey(strings.Repeat("x", 60)); len(k) != 48+1+13 {
		t.Errorf("long scope key %q", k)
	}
}

func TestClassifyIDAlloc_NeverBackwards(t *testing.T) {
	v, d := ClassifyIDAlloc("tags", nil, 100)
	if v.Token != VerdictAllocated || d.ID != 100 || d.Reason != "new-scope" {
		t.Fatalf("%+v", d)
	}
	one := int64(1)
	if _, d := ClassifyIDAlloc("tags", &one, 100); d.ID != 2 || d.Reason != "next" {
		t.Fatalf("--start on an existing scope moved it: %+v", d)
	}
}
