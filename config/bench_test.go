package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// twentyLanes is a dos.toml declaring 20 concurrent lanes with trees, an
// exclusive lane, aliases, a [stamp], two reasons and [paths].
func twentyLanes() string {
	var b strings.Builder
	var names []string
	for i := 0; i < 20; i++ {
		names = append(names, fmt.Sprintf("%q", fmt.Sprintf("lane%02d", i)))
	}
	fmt.Fprintf(&b, "[lanes]\nconcurrent = [%s]\nexclusive = [\"global\"]\nautopick = [%s]\n[lanes.trees]\n", strings.Join(names, ", "), strings.Join(names, ", "))
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "lane%02d = [\"pkg%02d/**\", \"docs/pkg%02d-*\"]\n", i, i, i)
	}
	b.WriteString("global = [\"**/*\"]\n[lanes.aliases]\nfe = \"lane00\"\nbe = \"lane01\"\n")
	b.WriteString("[stamp]\nstyle = \"grep\"\ntrailer_stamp = true\nbookkeeping_prefixes = [\"chore:\"]\n")
	b.WriteString("[reasons.A_REASON]\ncategory = \"MISROUTE\"\nsee_also = \"lane lane00\"\n[reasons.B_REASON]\ncategory = \"OPERATOR_GATE\"\n")
	b.WriteString("[paths]\nplans_glob = \"docs/**/*-plan.md\"\n")
	return b.String()
}

// BenchmarkLoad reads and parses a 20-lane dos.toml (the target: under
// 0.3 ms), against the floor of reading the same file's bytes.
func BenchmarkLoad(b *testing.B) {
	root := b.TempDir()
	path := filepath.Join(root, FileName)
	os.WriteFile(path, []byte(twentyLanes()), 0o644)
	if c := Load(root); len(c.Warnings) != 0 || len(c.Lanes.Concurrent) != 20 {
		b.Fatalf("%+v", c.Warnings)
	}
	const floorN = 2000
	start := time.Now()
	for i := 0; i < floorN; i++ {
		os.ReadFile(path)
	}
	floor := float64(time.Since(start).Nanoseconds()) / floorN
	b.ResetTimer()
	for b.Loop() {
		Load(root)
	}
	b.StopTimer()
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(per/1e6, "ms/load")
	b.ReportMetric(per/floor, "x-floor")
}
