// Command dos is the referee for fleets of AI coding agents: kernel verdicts
// computed from evidence the agents did not write, one journal record per
// verdict, and the views that read that journal. Export and notify run in
// its sibling dos-pipes, so a verdict starts without their libraries.
package main

import "github.com/dos-go/dos/internal/cli"

func main() { cli.Main(nil) }
