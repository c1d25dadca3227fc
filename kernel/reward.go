package kernel

import (
	"context"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Reward judges whether a trajectory may be trained on.
func Reward(ctx context.Context, env Env, e vocab.RewardEvidence) (Result, error) {
	v := vocab.ClassifyReward(e)
	return env.emit(ctx, vocab.SysReward, v, journal.Record{}, vocab.RewardDetail{
		Claim: e.Claim, Confirm: e.Confirm, Refute: e.Refute, Forgeable: e.Forgeable, Reason: v.Reason,
	}), nil
}
