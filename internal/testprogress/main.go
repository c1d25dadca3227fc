// Command testprogress runs `go test -json` with the arguments it is given
// and prints what a person needs while the suite runs: one line per
// package as it finishes, the whole output of every failed test, and every
// 20 seconds the packages still running, so a long package (the pipes'
// end-to-end trials) never looks like a hang. It exits as go test does.
//
//	go run ./internal/testprogress -count=1 ./...
//
// (`make test`). $GO names the go command (default go);
// $TESTPROGRESS_EVERY the heartbeat (default 20s).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

func main() {
	every := 20 * time.Second
	if d, err := time.ParseDuration(os.Getenv("TESTPROGRESS_EVERY")); err == nil && d > 0 {
		every = d
	}
	code, err := run(os.Args[1:], os.Stdout, os.Stderr, every)
	if err != nil {
		fmt.Fprintf(os.Stderr, "testprogress: %v\n", err)
	}
	os.Exit(code)
}

// run runs go test -json args, printing progress to out every heartbeat.
func run(args []string, out, errOut io.Writer, heartbeat time.Duration) (int, error) {
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	module := "github.com/dos-go/dos"
	if m, err := exec.Command(goCmd, "list", "-m").Output(); err == nil {
		module = strings.TrimSpace(string(m))
	}
	cmd := exec.Command(goCmd, append([]string{"test", "-json"}, args...)...)
	cmd.Stderr = errOut
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 2, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 2, err
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	p := newProgress(module)
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	print := func(ls []string) {
		for _, l := range ls {
			fmt.Fprintln(out, l)
		}
	}
	for open := true; open; {
		select {
		case l, ok := <-lines:
			if !ok {
				open = false
				break
			}
			var e Event
			if err := json.Unmarshal([]byte(l), &e); err != nil {
				fmt.Fprintln(out, l) // not an event: go test's own words
				continue
			}
			if e.Package == "" {
				e.Package = e.ImportPath
			}
			print(p.Event(e))
		case now := <-tick.C:
			print(p.Tick(now))
		}
	}
	err = cmd.Wait()
	fmt.Fprintln(out, p.Summary(time.Since(start)))
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), nil
	case err != nil:
		return 2, err
	case p.failed:
		return 1, nil
	}
	return 0, nil
}
