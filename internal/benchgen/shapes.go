package benchgen

import (
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Shapes returns one record for every detail shape the kernel writes, with
// every optional member set, and again with strings that need escaping in
// JSON (quotes, backslashes, control characters, HTML's <>&, non-ASCII,
// U+2028) wherever the kernel lets such text in (lease paths, hook maps,
// program names). The records carry no seq, id, ts or hash; append them to
// a journal to get those. Tests that hold a record mapping to its
// reference run it over these beside a generated journal.
func Shapes() []journal.Record {
	at := End.Add(-time.Hour)
	run := RunID(1, at)
	holder := vocab.Holder{RunID: run, Host: "build-0", PID: 1000}
	other := vocab.Holder{RunID: RunID(2, at), Host: "build-1", PID: 1001}
	lease := func(paths ...string) vocab.HeldLease {
		return vocab.HeldLease{Lane: "api", Paths: paths, Holder: other, AcquiredAt: at, ExpiresAt: at.Add(50 * time.Minute), TTLSeconds: 3000}
	}
	plain, odd := []string{"api/", "docs/"}, []string{`we "quote"/`, `back\slash/`, "tab\there/", "a&b <c>/", "ünï/", "line\u2028sep/", "nul\x01/"}
	var out []journal.Record
	add := func(kind, sys, verdict string, d any) {
		out = append(out, journal.Record{Kind: kind, Syscall: sys, Verdict: verdict, RunID: run, Lane: "api", Subject: "S1",
			Host: "build-0", Source: vocab.SourceCLI, Detail: journal.MustDetail(d)})
	}
	for _, paths := range [][]string{plain, odd} {
		add(journal.KindRun, vocab.SysRunStart, "", vocab.RunStartDetail{PID: 4242})
		add(journal.KindRun, vocab.SysRunEnd, "", vocab.RunEndDetail{Status: "failed"})
		add(journal.KindIntent, vocab.SysIntentDeclare, "", vocab.IntentDeclareDetail{Plan: "P", Steps: []string{"S1", "S2"}})
		add(journal.KindIntent, vocab.SysIntentDeclare, "", vocab.IntentDeclareDetail{Steps: []string{}})
		add(journal.KindIntent, vocab.SysIntentClaim, vocab.VerdictShipped, vocab.IntentClaimDetail{Plan: "P", Step: "S1", Head: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070",
			Via: "grep-subject", SHA: "e62f74d0c1b2a39485766f5e4d3c2b1a09f8e7d6", FilesChanged: 3, Reason: vocab.ReasonShipped})
		add(journal.KindIntent, vocab.SysHalt, vocab.VerdictProposed, vocab.HaltDetail{Reason: "operator"})
		add(journal.KindVerdict, vocab.SysVerify, vocab.VerdictShipped, vocab.VerifyDetail{Plan: "P", Phase: "S1", Ref: "HEAD", Head: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070",
			Via: "grep-subject", SHA: "e62f74d0c1b2a39485766f5e4d3c2b1a09f8e7d6", FilesChanged: 3, Stamped: 2, EmptyStamped: 1, Reason: vocab.ReasonShipped})
		add(journal.KindVerdict, vocab.SysLiveness, vocab.VerdictStalled, vocab.LivenessDetail{StartSHA: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070", StartedAt: at,
			CommitsSince: 0, LastCommitAt: at.Add(time.Minute), Records: 7, Heartbeats: 3, LastHeardAt: at.Add(2 * time.Minute), LastWorkAt: at.Add(3 * time.Minute),
			QuietSeconds: -1, IdleSeconds: 1 << 40, SpinAfterSeconds: 1800, StallAfterSeconds: 900, Reason: vocab.ReasonSilent})
		add(journal.KindVerdict, vocab.SysProductivity, vocab.VerdictDiminishing, vocab.ProductivityDetail{Deltas: []int64{-5, 0, 1 << 62}, MinSteps: 3, Floor: 500, Reason: vocab.ReasonBelowFloor})
		add(journal.KindVerdict, vocab.SysProductivity, vocab.VerdictStalled, vocab.ProductivityDetail{Deltas: nil, Reason: vocab.ReasonTooFewSteps})
		add(journal.KindVerdict, vocab.SysEfficiency, vocab.VerdictCostly, vocab.EfficiencyDetail{Work: 1, Tokens: 3, MinTokens: 1, Floor: 0.5, Ratio: 1.0 / 3, UsageShape: "inclusive", Reason: vocab.ReasonBelowFloor})
		add(journal.KindVerdict, vocab.SysEfficiency, vocab.VerdictWasteful, vocab.EfficiencyDetail{Floor: 1e-9, Ratio: 1e21, Reason: vocab.ReasonNoWork})
		add(journal.KindVerdict, vocab.SysBreaker, vocab.VerdictOpen, vocab.BreakerDetail{Consecutive: 3, Total: 20, MaxConsecutive: 3, MaxTotal: 20, OnTrip: "human", Reason: vocab.ReasonConsecutive})
		add(journal.KindVerdict, vocab.SysReward, vocab.VerdictAbstain, vocab.RewardDetail{Claim: true, Confirm: true, Refute: true, Forgeable: true, Reason: vocab.ReasonContested})
		add(journal.KindVerdict, vocab.SysHookExit, vocab.VerdictBlock, vocab.HookExitDetail{Code: 2, Map: map[string]string{"3": "WARN", "2": "BLOCK", "10": paths[len(paths)-1]}, Reason: vocab.ReasonMapped})
		add(journal.KindVerdict, vocab.SysExecCapability, vocab.VerdictGrantsExec, vocab.ExecCapabilityDetail{CommandSHA256: "3b1f0c9a0d3e7a55c1e0a0f9e2b46c2dc47f0f3c2a6f1f4e9d8c7b6a5f4e3d2c",
			Words: 4, Segments: 2, Wrappers: 1, Assignments: 1, Class: "interpreter", Matched: paths[0], Reason: vocab.ReasonArbitrary})
		add(journal.KindVerdict, vocab.SysImprove, vocab.VerdictRevert, vocab.ImproveDetail{SuitePassed: false, TruthClean: true, Work: 90, BaselineWork: 100, Tokens: 5000, RevertStreak: 2, MaxReverts: 3, Reason: vocab.ReasonNotImproved})
		l := lease(paths...)
		add(journal.KindLease, vocab.SysLeaseAcquire, vocab.VerdictGranted, vocab.LeaseAcquireDetail{Paths: paths, TTLSeconds: 3000, ExpiresAt: at.Add(time.Hour), Holder: holder, Reason: vocab.ReasonFree})
		add(journal.KindLease, vocab.SysLeaseAcquire, vocab.VerdictRefused, vocab.LeaseAcquireDetail{Paths: paths, TTLSeconds: 3000, Holder: holder, Reason: vocab.ReasonPathOverlap, Holding: &l})
		add(journal.KindLease, vocab.SysLeaseRelease, vocab.VerdictNotHeld, vocab.LeaseReleaseDetail{Holder: holder, Reason: vocab.ReasonOtherHolder, Holding: &l})
		add(journal.KindLease, vocab.SysLeaseHeartbeat, vocab.VerdictRenewed, vocab.LeaseHeartbeatDetail{Holder: holder, Leases: []vocab.HeldLease{l, lease("web/")}, Reason: vocab.ReasonRenewedSelf})
		add(journal.KindLease, vocab.SysLeaseHeartbeat, vocab.VerdictNotHeld, vocab.LeaseHeartbeatDetail{Holder: holder, Leases: []vocab.HeldLease{}, Reason: vocab.ReasonNotHeld})
		add(journal.KindLease, vocab.SysLeaseHeartbeat, vocab.VerdictNotHeld, vocab.LeaseHeartbeatDetail{Holder: holder, Reason: vocab.ReasonNotHeld})
	}
	return out
}
