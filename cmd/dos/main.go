// Command dos is the referee for fleets of AI coding agents: kernel verdicts
// computed from evidence the agents did not write, one journal record per
// verdict, and the views and pipes that read that journal.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv).run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
