package projections

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/schemas"
	"github.com/dos-go/dos/vocab"
)

const authPlan = `# Auth plan

## 1. AUTH AUTH1 — login form
Done. SHIPPED in the first week.

## 2. AUTH AUTH2 — sessions
- **AUTH2a** — cookie store, BLOCKED on security review
- **AUTH2b**: refresh

## AUTH AUTH3: logout
Not started.

## AUTH Overview — no digit, not a phase
## AUTH AUTH1 — a duplicate, dropped
`

func TestParsePlanDoc_HeadingsBulletsAndStatus(t *testing.T) {
	var got []string
	for _, p := range ParsePlanDoc("docs/auth-plan.md", authPlan) {
		got = append(got, p.Plan+"/"+p.Phase+":"+p.DocStatus)
	}
	want := "AUTH/AUTH1:shipped AUTH/AUTH2:blocked AUTH/AUTH2a:blocked AUTH/AUTH2b:open AUTH/AUTH3:open"
	if strings.Join(got, " ") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}

// The board against real git and a journal's claims: AUTH1 shipped and
// claimed, AUTH3 claimed by a run but never stamped (an over-claim), AUTH2b
// stamped but never claimed (an under-claim).
func TestPlan_ClaimsBesideGit(t *testing.T) {
	repo := gittest.New(t)
	repo.Commit("AUTH1: login form", map[string]string{"src/login.go": "x"})
	repo.Commit("AUTH2b: refresh", map[string]string{"src/refresh.go": "x"})
	runA := "01JD6Z3Y8T0000000000000A01"
	recs := sliceReader{
		{Seq: 1, Kind: journal.KindIntent, Syscall: vocab.SysIntentClaim, Verdict: vocab.VerdictNotShipped, RunID: runA, Subject: "AUTH3",
			Detail: journal.MustDetail(vocab.IntentClaimDetail{Plan: "AUTH", Step: "AUTH3", Via: vocab.ViaNone, Reason: vocab.ReasonNoStamp})},
	}
	g, _ := git.Open(repo.Dir)
	b, err := Plan(context.Background(), recs, FromRepo(g), PlanOptions{Now: t0, Workspace: repo.Dir, PlansGlob: "docs/**/*-plan.md",
		Docs: map[string]string{"docs/auth-plan.md": authPlan}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range b.Phases {
		got = append(got, r.Phase+":"+r.Divergence)
	}
	if strings.Join(got, " ") != "AUTH1:shipped AUTH2:pending AUTH2a:pending AUTH2b:under-claim AUTH3:over-claim" {
		t.Fatalf("board %v", got)
	}
	s := b.Summary
	if s.Phases != 5 || s.Shipped != 2 || s.Divergent != 2 || s.OverClaims != 1 || s.Gated != 2 || b.Phases[4].Claims != 1 || b.Phases[4].ClaimedBy[0] != runA || len(b.Activity) != 2 {
		t.Fatalf("summary %+v %+v", s, b.Phases[4])
	}
	validate(t, schemas.Plan, b)
	empty, _ := Plan(context.Background(), nil, nil, PlanOptions{Now: t0, PlansGlob: "docs/*.md"})
	validate(t, schemas.Plan, empty)
	if len(empty.Notes) != 2 {
		t.Fatalf("notes %v", empty.Notes)
	}
}

func TestSchemas_TopFrameWithLaneBoardValidates(t *testing.T) {
	h := vocab.Holder{RunID: "01JD6Z3Y8T0000000000000A01", Host: "h", PID: 1}
	live := []vocab.HeldLease{{Lane: "src", Tree: []string{"src/**"}, LaneKind: vocab.LaneConcurrent, Holder: h, AcquiredAt: t0, ExpiresAt: t0.Add(time.Hour)}}
	lanes := vocab.DefaultLanes()
	f := NewTopFold(0).Frame(TopOptions{Now: t0, Lanes: &lanes}, nil)
	f.LaneBoard = lease.Board(lanes, live)
	b := validate(t, schemas.Top, f)
	if !strings.Contains(string(b), `"lane_board":[{"lane":"global"`) {
		t.Fatalf("%s", b)
	}
}
