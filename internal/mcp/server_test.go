package mcp

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/dos-go/dos/internal/git/gittest"
)

// connect runs srv over in-memory transports and returns a client session.
func connect(t *testing.T, srv *sdk.Server) *sdk.ClientSession {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	st, ct := sdk.NewInMemoryTransports()
	go srv.Run(ctx, st)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "t", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

func call(t *testing.T, cs *sdk.ClientSession, name string, args map[string]any) (map[string]any, bool) {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	b, _ := json.Marshal(res.StructuredContent)
	var out map[string]any
	json.Unmarshal(b, &out)
	return out, res.IsError
}

func world(t *testing.T, env map[string]string) (*gittest.Repo, Config) {
	r := gittest.New(t)
	r.Commit("AUTH1: login", map[string]string{"a.go": "x\n"})
	env["DOS_WORKSPACE"] = r.Dir
	env["DOS_JOURNAL"] = filepath.Join(t.TempDir(), "journal")
	return r, Config{Getenv: func(k string) string { return env[k] }, Now: time.Now, Cwd: r.Dir, Host: "h", PID: 7}
}

// A tool that outlives its deadline answers STALLED as a normal result
// (so the agent reads it instead of retrying), and does not hang.
func TestTool_DeadlineAnswersStalled(t *testing.T) {
	_, cfg := world(t, map[string]string{"DOS_MCP_TOOL_DEADLINE_MS": "30"})
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cfg: cfg, deadline: 30 * time.Millisecond}
	release := make(chan struct{})
	defer close(release)
	tool(s, srv, "dos_slow", "blocks", "slow", func(ctx context.Context, _ wsIn) (any, error) {
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
		return nil, nil
	})
	out, isErr := call(t, connect(t, srv), "dos_slow", nil)
	if isErr || out["verdict"] != "STALLED" || out["fallback"] != "run the matching dos verb yourself: dos slow" {
		t.Fatalf("%v %v", out, isErr)
	}
	if _, err := New(Config{Getenv: func(string) string { return "soon" }}); err == nil {
		t.Fatal("a malformed DOS_MCP_TOOL_DEADLINE_MS was accepted")
	}
}

// The other tools are the CLI's calls: arbitrate is a dry run over the
// journal's leases, status a liveness verdict, doctor sees the wiring.
func TestTools_ArbitrateStatusDoctorReasons(t *testing.T) {
	env := map[string]string{}
	r, cfg := world(t, env)
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cs := connect(t, srv)
	out, isErr := call(t, cs, "dos_arbitrate", map[string]any{"lane": "api", "paths": []string{"api/"}})
	if isErr || out["outcome"] != "acquire" || out["reason"] != "free" {
		t.Fatalf("arbitrate: %v", out)
	}
	if _, err := os.Stat(env["DOS_JOURNAL"]); !os.IsNotExist(err) {
		t.Fatal("arbitrate wrote a journal")
	}
	out, _ = call(t, cs, "dos_status", map[string]any{"run_id": "nope"})
	if out["error"] == nil {
		t.Fatalf("status of a bad id: %v", out)
	}
	out, _ = call(t, cs, "dos_doctor", nil)
	if out["git"] != true || out["workspace"] != r.Dir {
		t.Fatalf("doctor: %v", out)
	}
	os.MkdirAll(filepath.Join(r.Dir, ".claude"), 0o755)
	os.WriteFile(filepath.Join(r.Dir, ".claude", "settings.json"), []byte(`{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"dos hook stop"}]}]}}`), 0o644)
	out, _ = call(t, cs, "dos_doctor", nil)
	hooks, _ := out["hooks"].([]any)
	if len(hooks) != 1 || hooks[0].(map[string]any)["host"] != "claude-code" {
		t.Fatalf("doctor hooks: %v", out)
	}
	out, _ = call(t, cs, "dos_check_reason", map[string]any{"reason_class": "path-overlap"})
	if out["known"] != true || out["refusal"] != true {
		t.Fatalf("check_reason: %v", out)
	}
	out, _ = call(t, cs, "dos_check_reason", map[string]any{"reason_class": "bogus"})
	if out["known"] != false || out["category"] != "UNCLASSIFIED" {
		t.Fatalf("check_reason bogus: %v", out)
	}
	out, _ = call(t, cs, "dos_refuse_reasons", nil)
	if n, _ := out["count"].(float64); n < 10 {
		t.Fatalf("refuse_reasons: %v", out)
	}
}
