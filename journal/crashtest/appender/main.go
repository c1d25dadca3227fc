// Command appender is the crash and concurrency workload for the journal's
// tests: it appends records to a journal directory and prints one line,
// "ack SEQ ID", for every append that returned successfully. See ../README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"

	"github.com/dos-go/dos/journal"
)

func main() {
	dir := flag.String("dir", "", "journal directory")
	n := flag.Int("n", 0, "appends per goroutine; 0 appends until killed")
	batch := flag.Int("batch", 1, "records per AppendBatch call")
	goroutines := flag.Int("goroutines", 1, "goroutines appending at once")
	segSize := flag.Int64("segment-size", 0, "segment size limit in bytes; 0 uses the default")
	tag := flag.String("tag", "w", "subject prefix identifying this process")
	flag.Parse()

	w := journal.NewWriter(*dir, journal.Options{SegmentSize: *segSize, IndexEvery: 1024})
	var out sync.Mutex
	var wg sync.WaitGroup
	for g := 0; g < *goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; *n == 0 || i < *n; i++ {
				recs := make([]journal.Record, *batch)
				for k := range recs {
					recs[k] = journal.Record{Kind: journal.KindVerdict, Syscall: "verify", Verdict: "SHIPPED",
						Subject: fmt.Sprintf("%s-%d-%d-%d", *tag, g, i, k),
						Detail:  journal.MustDetail(map[string]int{"i": i, "k": k})}
				}
				got, err := w.AppendBatch(context.Background(), recs)
				if err != nil {
					fmt.Fprintln(os.Stderr, "append:", err)
					os.Exit(1)
				}
				out.Lock()
				for _, r := range got {
					// One write per line: a pipe keeps short writes whole.
					os.Stdout.WriteString(fmt.Sprintf("ack %d %s\n", r.Seq, r.ID))
				}
				out.Unlock()
			}
		}(g)
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close:", err)
		os.Exit(1)
	}
}
