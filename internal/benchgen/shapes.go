package benchgen

import (
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
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
	holder := kernel.Holder{RunID: run, Host: "build-0", PID: 1000}
	other := kernel.Holder{RunID: RunID(2, at), Host: "build-1", PID: 1001}
	lease := func(paths ...string) kernel.HeldLease {
		return kernel.HeldLease{Lane: "api", Paths: paths, Holder: other, AcquiredAt: at, ExpiresAt: at.Add(50 * time.Minute), TTLSeconds: 3000}
	}
	plain, odd := []string{"api/", "docs/"}, []string{`we "quote"/`, `back\slash/`, "tab\there/", "a&b <c>/", "ünï/", "line\u2028sep/", "nul\x01/"}
	var out []journal.Record
	add := func(kind, sys, verdict string, d any) {
		out = append(out, journal.Record{Kind: kind, Syscall: sys, Verdict: verdict, RunID: run, Lane: "api", Subject: "S1",
			Host: "build-0", Source: kernel.SourceCLI, Detail: journal.MustDetail(d)})
	}
	for _, paths := range [][]string{plain, odd} {
		add(journal.KindRun, kernel.SysRunStart, "", kernel.RunStartDetail{PID: 4242})
		add(journal.KindRun, kernel.SysRunEnd, "", kernel.RunEndDetail{Status: "failed"})
		add(journal.KindIntent, kernel.SysIntentDeclare, "", kernel.IntentDeclareDetail{Plan: "P", Steps: []string{"S1", "S2"}})
		add(journal.KindIntent, kernel.SysIntentDeclare, "", kernel.IntentDeclareDetail{Steps: []string{}})
		add(journal.KindIntent, kernel.SysIntentClaim, kernel.VerdictShipped, kernel.IntentClaimDetail{Plan: "P", Step: "S1", Head: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070",
			Via: "grep-subject", SHA: "e62f74d0c1b2a39485766f5e4d3c2b1a09f8e7d6", FilesChanged: 3, Reason: kernel.ReasonShipped})
		add(journal.KindIntent, kernel.SysHalt, kernel.VerdictProposed, kernel.HaltDetail{Reason: "operator"})
		add(journal.KindVerdict, kernel.SysVerify, kernel.VerdictShipped, kernel.VerifyDetail{Plan: "P", Phase: "S1", Ref: "HEAD", Head: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070",
			Via: "grep-subject", SHA: "e62f74d0c1b2a39485766f5e4d3c2b1a09f8e7d6", FilesChanged: 3, Stamped: 2, EmptyStamped: 1, Reason: kernel.ReasonShipped})
		add(journal.KindVerdict, kernel.SysLiveness, kernel.VerdictStalled, kernel.LivenessDetail{StartSHA: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070", StartedAt: at,
			CommitsSince: 0, LastCommitAt: at.Add(time.Minute), Records: 7, Heartbeats: 3, LastHeardAt: at.Add(2 * time.Minute), LastWorkAt: at.Add(3 * time.Minute),
			QuietSeconds: -1, IdleSeconds: 1 << 40, SpinAfterSeconds: 1800, StallAfterSeconds: 900, Reason: kernel.ReasonSilent})
		add(journal.KindVerdict, kernel.SysProductivity, kernel.VerdictDiminishing, kernel.ProductivityDetail{Deltas: []int64{-5, 0, 1 << 62}, MinSteps: 3, Floor: 500, Reason: kernel.ReasonBelowFloor})
		add(journal.KindVerdict, kernel.SysProductivity, kernel.VerdictStalled, kernel.ProductivityDetail{Deltas: nil, Reason: kernel.ReasonTooFewSteps})
		add(journal.KindVerdict, kernel.SysEfficiency, kernel.VerdictCostly, kernel.EfficiencyDetail{Work: 1, Tokens: 3, MinTokens: 1, Floor: 0.5, Ratio: 1.0 / 3, UsageShape: "inclusive", Reason: kernel.ReasonBelowFloor})
		add(journal.KindVerdict, kernel.SysEfficiency, kernel.VerdictWasteful, kernel.EfficiencyDetail{Floor: 1e-9, Ratio: 1e21, Reason: kernel.ReasonNoWork})
		add(journal.KindVerdict, kernel.SysBreaker, kernel.VerdictOpen, kernel.BreakerDetail{Consecutive: 3, Total: 20, MaxConsecutive: 3, MaxTotal: 20, OnTrip: "human", Reason: kernel.ReasonConsecutive})
		add(journal.KindVerdict, kernel.SysReward, kernel.VerdictAbstain, kernel.RewardDetail{Claim: true, Confirm: true, Refute: true, Forgeable: true, Reason: kernel.ReasonContested})
		add(journal.KindVerdict, kernel.SysHookExit, kernel.VerdictBlock, kernel.HookExitDetail{Code: 2, Map: map[string]string{"3": "WARN", "2": "BLOCK", "10": paths[len(paths)-1]}, Reason: kernel.ReasonMapped})
		add(journal.KindVerdict, kernel.SysExecCapability, kernel.VerdictGrantsExec, kernel.ExecCapabilityDetail{CommandSHA256: "3b1f0c9a0d3e7a55c1e0a0f9e2b46c2dc47f0f3c2a6f1f4e9d8c7b6a5f4e3d2c",
			Words: 4, Segments: 2, Wrappers: 1, Assignments: 1, Class: "interpreter", Matched: paths[0], Reason: kernel.ReasonArbitrary})
		add(journal.KindVerdict, kernel.SysImprove, kernel.VerdictRevert, kernel.ImproveDetail{SuitePassed: false, TruthClean: true, Work: 90, BaselineWork: 100, Tokens: 5000, RevertStreak: 2, MaxReverts: 3, Reason: kernel.ReasonNotImproved})
		l := lease(paths...)
		add(journal.KindLease, kernel.SysLeaseAcquire, kernel.VerdictGranted, kernel.LeaseAcquireDetail{Paths: paths, TTLSeconds: 3000, ExpiresAt: at.Add(time.Hour), Holder: holder, Reason: kernel.ReasonFree})
		add(journal.KindLease, kernel.SysLeaseAcquire, kernel.VerdictRefused, kernel.LeaseAcquireDetail{Paths: paths, TTLSeconds: 3000, Holder: holder, Reason: kernel.ReasonPathOverlap, Holding: &l})
		add(journal.KindLease, kernel.SysLeaseRelease, kernel.VerdictNotHeld, kernel.LeaseReleaseDetail{Holder: holder, Reason: kernel.ReasonOtherHolder, Holding: &l})
		add(journal.KindLease, kernel.SysLeaseHeartbeat, kernel.VerdictRenewed, kernel.LeaseHeartbeatDetail{Holder: holder, Leases: []kernel.HeldLease{l, lease("web/")}, Reason: kernel.ReasonRenewedSelf})
		add(journal.KindLease, kernel.SysLeaseHeartbeat, kernel.VerdictNotHeld, kernel.LeaseHeartbeatDetail{Holder: holder, Leases: []kernel.HeldLease{}, Reason: kernel.ReasonNotHeld})
		add(journal.KindLease, kernel.SysLeaseHeartbeat, kernel.VerdictNotHeld, kernel.LeaseHeartbeatDetail{Holder: holder, Reason: kernel.ReasonNotHeld})
	}
	return out
}
