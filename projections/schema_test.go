package projections

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dos-go/dos/schemas"
)

// validate marshals v and checks it against the named schema.
func validate(t *testing.T, name string, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.Validate(name, b); err != nil {
		t.Fatalf("%s rejects %s:\n%v", name, b, err)
	}
	return b
}

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func TestSchemas_DecisionQueueDocumentValidates(t *testing.T) {
	ids := []string{"01JD6Z3Y8T0000000000000A01", "01JD6Z3Y8T0000000000000A02"}
	q := DecisionQueue{V: 1, GeneratedAt: t0, WindowSeconds: 7 * 86400, Decisions: []Decision{{
		ID: DecisionID(DecisionLaneRefused, ids[0]), Revision: DecisionRevision(ids), Kind: DecisionLaneRefused,
		Resolver: ResolverHuman, Urgency: UrgencyHigh, Title: "lane api refused", Reason: "held by …", RunID: ids[1],
		Lane: "api", Created: t0, Updated: t0, Command: "dos trace " + ids[1], Seqs: []uint64{3, 4}, RecordIDs: ids, Records: 2,
	}}, Open: map[Resolver]int{ResolverHuman: 1}}
	validate(t, schemas.Decisions, q)
	q.Decisions[0].ID = "not-an-id"
	b, _ := json.Marshal(q)
	if schemas.Validate(schemas.Decisions, b) == nil {
		t.Fatal("a malformed decision id validated")
	}
}

func TestSchemas_EmptyTopFrameValidates(t *testing.T) {
	f := Frame{V: 1, GeneratedAt: t0, Runs: []TopRun{}, Lanes: []TopLane{}, Verdicts: []TopVerdict{}, Commits: []Commit{}}
	validate(t, schemas.Top, f)
}
