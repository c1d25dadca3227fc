package pipes

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// TestMCP_TheSDKsOwnClientOverStdio drives `dos mcp` as an agent host
// does: the go-sdk's client starts the built binary and speaks over its
// stdin and stdout — initialize, tools/list, tools/call dos_verify on a
// real git repository — and the verdict is journaled with source mcp.
func TestMCP_TheSDKsOwnClientOverStdio(t *testing.T) {
	repo := gittest.New(t)
	repo.Commit("AUTH1: the login form", map[string]string{"api/login.py": "ok\n"})
	jdir := filepath.Join(t.TempDir(), "journal")
	cmd := exec.Command(dosBinary(t), "mcp")
	cmd.Env = append(os.Environ(), "DOS_WORKSPACE="+repo.Dir, "DOS_JOURNAL="+jdir, "DOS_RUN_ID=")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	client := sdk.NewClient(&sdk.Implementation{Name: "dos-test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &sdk.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if init := cs.InitializeResult(); init.ServerInfo.Name != "dos" || init.Instructions == "" {
		t.Fatalf("initialize: %+v", init)
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tl := range tools.Tools {
		names = append(names, tl.Name)
	}
	for _, want := range []string{"dos_verify", "dos_status", "dos_arbitrate", "dos_trace", "dos_decisions", "dos_doctor", "dos_refuse_reasons", "dos_check_reason"} {
		if !slices.Contains(names, want) {
			t.Errorf("tools/list lacks %s: %v", want, names)
		}
	}
	verify := func(phase string) map[string]any {
		t.Helper()
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "dos_verify", Arguments: map[string]any{"plan": "AUTH", "phase": phase}})
		if err != nil || res.IsError {
			t.Fatalf("dos_verify %s: %v %+v", phase, err, res)
		}
		b, _ := json.Marshal(res.StructuredContent)
		var out map[string]any
		json.Unmarshal(b, &out)
		return out
	}
	if out := verify("AUTH1"); out["shipped"] != true || out["verdict"] != "SHIPPED" || out["sha"] == "" || out["interpretation"] == "" {
		t.Fatalf("AUTH1: %v", out)
	}
	if out := verify("AUTH2"); out["shipped"] != false || out["verdict"] != "NOT_SHIPPED" {
		t.Fatalf("AUTH2: %v", out)
	}
	// A bad argument is a tool error the agent can read, not a crash.
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "dos_verify", Arguments: map[string]any{"plan": "AUTH", "phase": "$(x)"}})
	if err != nil || !res.IsError {
		t.Fatalf("bad phase: %v %+v", err, res)
	}
	j, err := journal.Open(jdir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for r, err := range j.Scan(ctx, journal.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r.Syscall+":"+r.Verdict+":"+r.Source)
	}
	if want := []string{"verify:SHIPPED:" + vocab.SourceMCP, "verify:NOT_SHIPPED:" + vocab.SourceMCP}; !slices.Equal(got, want) {
		t.Fatalf("journal %v, want %v", got, want)
	}
}
