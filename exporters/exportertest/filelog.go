package exportertest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// FilelogPeerBinary returns the path of internal/filelogpeer's binary (the
// Collector's own file shipper, built from its Go modules), building and
// caching it as CollectorBinary does.
func FilelogPeerBinary(tb testing.TB) string {
	tb.Helper()
	return moduleBinary(tb, "filelogpeer")
}

// FilelogPeer is a running filelogpeer: what an operator would run
// instead of `dos export --to otlp`.
type FilelogPeer struct {
	cmd  *exec.Cmd
	done chan struct{}
	log  *bytes.Buffer
}

// FilelogConfig is the peer's configuration as an operator would write
// it: the filelog receiver reads every journal segment from the start
// with a json_parser (the record's ts becomes the log's time), keeping
// its offsets in file_storage under StorageDir; the batch processor and
// the otlphttp exporter (sending queue and retries at their defaults)
// post to Endpoint.
func FilelogConfig(journal, storageDir, endpoint, compression string) string {
	return fmt.Sprintf(`extensions:
  file_storage:
    directory: %s
receivers:
  filelog:
    include: [%s]
    start_at: beginning
    storage: file_storage
    operators:
      - type: json_parser
        timestamp:
          parse_from: attributes.ts
          layout_type: gotime
          layout: "2006-01-02T15:04:05.999999999Z07:00"
processors:
  batch: {}
exporters:
  otlphttp:
    endpoint: %s
    compression: %s
service:
  telemetry:
    logs:
      level: warn
    metrics:
      level: none
  extensions: [file_storage]
  pipelines:
    logs:
      receivers: [filelog]
      processors: [batch]
      exporters: [otlphttp]
`, storageDir, filepath.Join(journal, "*.jsonl"), endpoint, compression)
}

// StartFilelogPeer starts bin with cfg; it is stopped when the test ends.
func StartFilelogPeer(tb testing.TB, bin, cfg string) *FilelogPeer {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "filelogpeer.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		tb.Fatal(err)
	}
	p := &FilelogPeer{done: make(chan struct{}), log: &bytes.Buffer{}}
	p.cmd = exec.Command(bin, "--config=file:"+path)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	tb.Cleanup(p.Stop)
	return p
}

// Exited reports whether the peer has exited, with its output.
func (p *FilelogPeer) Exited() (bool, string) {
	select {
	case <-p.done:
		return true, p.log.String()
	default:
		return false, ""
	}
}

// Usage is the peer's CPU time (user + system) and peak RSS in MiB so far.
func (p *FilelogPeer) Usage() (time.Duration, float64, error) { return ProcUsage(p.cmd.Process.Pid) }

// ProcUsage is a running process's CPU time (user + system) and peak RSS
// in MiB so far, from /proc. Unlike a child's rusage, the peak is the
// process's own: os/exec starts children with vfork, so ru_maxrss starts
// at the parent's high-water mark.
func ProcUsage(pid int) (time.Duration, float64, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	// the fields after the command name, which is in parentheses
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(f) < 13 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: %q", pid, stat)
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const ticks = 100 // USER_HZ on Linux
	cpu := time.Duration(utime+stime) * time.Second / ticks
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return cpu, 0, err
	}
	var rss float64
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			rss = kib / 1024
		}
	}
	return cpu, rss, nil
}

// Stop shuts the peer down (SIGTERM, then SIGKILL after 10s).
func (p *FilelogPeer) Stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}
