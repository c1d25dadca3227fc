package pipes

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/dos-go/dos/internal/git/gittest"
)

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkMCPVerify is a dos_verify round trip over stdio on a warm
// `dos mcp` (the go-sdk's client, the built binary): the request, git's
// evidence, one durable verify record, the answer. Target: median under
// 5 ms. Floor from the same run: a dos_check_reason round trip on the
// same server (the protocol and the transport, no git, no journal).
func BenchmarkMCPVerify(b *testing.B) {
	repo := gittest.New(b)
	repo.Commit("AUTH1: login", map[string]string{"a.go": "x\n"})
	cmd := exec.Command(dosBinary(b), "mcp")
	cmd.Env = append(os.Environ(), "DOS_WORKSPACE="+repo.Dir, "DOS_JOURNAL="+filepath.Join(b.TempDir(), "j"), "DOS_RUN_ID=")
	ctx := context.Background()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "bench", Version: "1"}, nil).Connect(ctx, &sdk.CommandTransport{Command: cmd}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer cs.Close()
	rtt := func(name string, args map[string]any) time.Duration {
		t := time.Now()
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: name, Arguments: args})
		d := time.Since(t)
		if err != nil || res.IsError {
			b.Fatalf("%s: %v %+v", name, err, res)
		}
		return d
	}
	verify := map[string]any{"plan": "AUTH", "phase": "AUTH1"}
	check := map[string]any{"reason_class": "path-overlap"}
	for i := 0; i < 5; i++ { // warm: first calls build schemas, open files
		rtt("dos_verify", verify)
		rtt("dos_check_reason", check)
	}
	b.ResetTimer()
	var v, f []time.Duration
	for i := 0; i < b.N; i++ {
		v = append(v, rtt("dos_verify", verify))
		f = append(f, rtt("dos_check_reason", check))
	}
	b.StopTimer()
	b.ReportMetric(float64(median(v))/1e6, "median-verify-ms")
	b.ReportMetric(float64(median(f))/1e6, "median-noop-ms")
	b.ReportMetric(float64(median(v))/float64(median(f)), "x-floor")
}
