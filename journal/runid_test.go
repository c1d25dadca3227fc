package journal

import "testing"

func TestCrockford_EveryLetterDecodesToItsIndex(t *testing.T) {
	for i := 0; i < len(crockford); i++ {
		if got := crockfordValue(crockford[i]); got != i {
			t.Errorf("%c decodes to %d, want %d", crockford[i], got, i)
		}
	}
	for _, c := range []byte("ILOUa-_ ") {
		if crockfordValue(c) != -1 {
			t.Errorf("%c accepted", c)
		}
	}
}

func TestValidRunID_BothGrammars(t *testing.T) {
	good := []string{"01JD6Z3Y8T0000000000000A01", "RID-01JD6Z3Y8ABCDEF", "RID-000000000000000"}
	bad := []string{"", "RID-", "RID-01JD6Z3Y8ABCDE", "RID-01JD6Z3Y8ABCDEFG", "RID-01JD6Z3Y8abcdef", "XID-01JD6Z3Y8ABCDEF", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ"}
	for _, s := range good {
		if !ValidRunID(s) {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range bad {
		if ValidRunID(s) {
			t.Errorf("%q accepted", s)
		}
	}
	if r := (Record{Kind: KindRun, Syscall: "run.start", RunID: "RID-01JD6Z3Y8ABCDEF"}); validate(&r) != nil {
		t.Errorf("a RID run_id is refused by the writer: %v", validate(&r))
	}
	if r := (Record{Kind: KindRun, Syscall: "run.start", RunID: "RID-1"}); validate(&r) == nil {
		t.Error("a malformed RID run_id is accepted by the writer")
	}
}
