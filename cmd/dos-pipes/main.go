// Command dos-pipes is dos with export and notify built in: the same
// command tree plus the OpenTelemetry, DogStatsD and Slack clients. dos
// hands `dos export …` and `dos notify …` to it.
package main

import (
	"github.com/dos-go/dos/internal/cli"
	"github.com/dos-go/dos/internal/cli/pipes"
)

func main() { cli.Main(pipes.Register) }
