package vocab

// reconcile: the quiet-completion join. A unit claimed done is believed
// only when the oracle (git, via verify, or an explicit oracle answer)
// confirms it; the claim alone never verifies anything.

// ReconcileDetail is reconcile's detail.
type ReconcileDetail struct {
	Unit            string `json:"unit"`
	Claimed         bool   `json:"claimed"`
	OracleShipped   bool   `json:"oracle_shipped"`
	Oracle          string `json:"oracle"` // flag | verify
	Plan            string `json:"plan,omitempty"`
	Phase           string `json:"phase,omitempty"`
	SHA             string `json:"sha,omitempty"` // the shipping commit, when verify was the oracle
	KeepsInResidual bool   `json:"keeps_in_residual"`
	Flag            string `json:"flag,omitempty"` // QUIET_INCOMPLETE when the claim did not hold
	Reason          string `json:"reason"`         // oracle-shipped | claimed-unshipped | open
}

// ClassifyReconcile decides: the oracle says shipped → VERIFIED; claimed
// but not shipped → QUIET_INCOMPLETE (the claim did not hold); otherwise
// HONEST_OPEN. Every verdict leaves the unit in the residual but VERIFIED.
func ClassifyReconcile(unit string, claimed, shipped bool) (Verdict, ReconcileDetail) {
	d := ReconcileDetail{Unit: unit, Claimed: claimed, OracleShipped: shipped}
	var v Verdict
	switch {
	case shipped:
		v = Verdictf(VerdictVerified, "oracle-shipped", "oracle confirms %s shipped (git ancestry) — verified, leaves the residual", unit)
	case claimed:
		d.KeepsInResidual, d.Flag = true, VerdictQuietIncomplete
		v = Verdictf(VerdictQuietIncomplete, "claimed-unshipped", "%s was claimed done but the oracle does not confirm it — a quiet incompletion; keep it in the residual", unit)
	default:
		d.KeepsInResidual = true
		v = Verdictf(VerdictHonestOpen, "open", "%s is not claimed and not shipped — honestly open; keep it in the residual", unit)
	}
	d.Reason = v.Reason
	return v, d
}
