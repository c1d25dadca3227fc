package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// ReconcileRequest is reconcile's input: the unit, whether it was claimed
// done, and the oracle: an explicit answer (OracleShipped) or Plan and
// Phase to verify against git.
type ReconcileRequest struct {
	Unit          string
	Claimed       bool
	OracleShipped *bool
	Plan, Phase   string
}

// ReconcileJSON is reconcile's --json: the Report plus the reference's keys.
type ReconcileJSON struct {
	Report
	State           string  `json:"state"`
	Unit            string  `json:"unit"`
	Claimed         bool    `json:"claimed"`
	OracleShipped   bool    `json:"oracle_shipped"`
	KeepsInResidual bool    `json:"keeps_in_residual"`
	Flag            *string `json:"flag"`
}

func (x ReconcileJSON) withReport(r Report) any { x.Report = r; return x }

// Reconcile joins a unit's claimed completion with the oracle and appends
// one reconcile record. Without an explicit oracle answer it verifies
// Plan Phase against git exactly as `dos verify` does (no git: exit 2).
func Reconcile(ctx context.Context, env Env, req ReconcileRequest) (Result, error) {
	if err := vocab.CheckUnit(req.Unit); err != nil {
		return Result{}, err
	}
	d := vocab.ReconcileDetail{Oracle: "flag"}
	var shipped bool
	switch {
	case req.OracleShipped != nil:
		shipped = *req.OracleShipped
	case req.Plan != "" && req.Phase != "":
		ev, err := verifyEvidence(ctx, env, VerifyRequest{Plan: req.Plan, Phase: req.Phase, Ref: "HEAD"})
		if err != nil {
			return Result{}, err
		}
		v, vd := vocab.ClassifyVerify(req.Plan, req.Phase, ev)
		shipped = v.Token == vocab.VerdictShipped
		d = vocab.ReconcileDetail{Oracle: "verify", Plan: req.Plan, Phase: req.Phase, SHA: vd.SHA}
	default:
		return Result{}, vocab.Usagef("provide either --oracle-shipped (or --no-oracle-shipped), or both --plan and --phase")
	}
	v, rd := vocab.ClassifyReconcile(req.Unit, req.Claimed, shipped)
	rd.Oracle, rd.Plan, rd.Phase, rd.SHA = d.Oracle, d.Plan, d.Phase, d.SHA
	res := env.emit(ctx, vocab.SysReconcile, v, journal.Record{Subject: subjectOf(req.Unit)}, rd)
	x := ReconcileJSON{State: v.Token, Unit: req.Unit, Claimed: req.Claimed, OracleShipped: shipped, KeepsInResidual: rd.KeepsInResidual}
	if rd.Flag != "" {
		f := rd.Flag
		x.Flag = &f
	}
	res.Extra = x
	return res, nil
}
