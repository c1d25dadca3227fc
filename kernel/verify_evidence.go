package kernel

import (
	"context"

	"github.com/dos-go/dos/vocab"
)

// verifyEvidence checks req's tokens and gathers git's evidence for it, as
// verify does: for the verbs (reconcile, status) that ask the same question
// inside another verdict.
func verifyEvidence(ctx context.Context, env Env, req VerifyRequest) (vocab.VerifyEvidence, error) {
	if err := vocab.CheckToken("plan", req.Plan); err != nil {
		return vocab.VerifyEvidence{}, &vocab.UsageError{Msg: err.Error()}
	}
	if err := vocab.CheckPhase(req.Phase); err != nil {
		return vocab.VerifyEvidence{}, err
	}
	if req.Ref == "" {
		req.Ref = "HEAD"
	}
	return gatherVerify(ctx, env, req)
}
