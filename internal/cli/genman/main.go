// Command genman writes a man page per dos command (`make man`). It is a
// program of its own because cobra/doc pulls in a markdown renderer and a
// YAML parser whose initialisers would otherwise run in every dos process.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"

	"github.com/dos-go/dos/internal/cli"
	"github.com/dos-go/dos/internal/cli/pipes"
)

func main() {
	dir := flag.String("dir", "man/man1", "directory for the pages")
	flag.Parse()
	if err := write(*dir, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "genman: %v\n", err)
		os.Exit(1)
	}
}

// write generates the pages of the whole command tree (dos-pipes's, so
// export and notify are documented too) into dir.
func write(dir string, out io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	a := cli.New(strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" }, cli.Options{Pipes: pipes.Register})
	root := cli.NewRoot(a)
	root.InitDefaultCompletionCmd() // cobra adds it lazily, at Execute
	root.DisableAutoGenTag = true
	escapeAngles(root)
	// An empty title makes each page's title its own command (DOS-JOURNAL-VERIFY).
	hdr := &doc.GenManHeader{Section: "1", Source: "dos", Manual: "dos manual"}
	if err := doc.GenManTree(root, hdr, dir); err != nil {
		return fmt.Errorf("generate man pages: %w", err)
	}
	fmt.Fprintf(out, "man pages written to %s\n", dir)
	return nil
}

// escapeAngles backslash-escapes < and > in every help text and flag
// usage: cobra/doc renders them as markdown, where "<workspace>" is an
// HTML tag and vanishes ("else /.dos/journal").
func escapeAngles(c *cobra.Command) {
	esc := strings.NewReplacer("<", `\<`, ">", `\>`)
	c.Short, c.Long, c.Example = esc.Replace(c.Short), esc.Replace(c.Long), esc.Replace(c.Example)
	for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.PersistentFlags()} {
		fs.VisitAll(func(f *pflag.Flag) {
			if strings.ContainsAny(f.Usage, "<>") && !strings.Contains(f.Usage, `\<`) {
				f.Usage = esc.Replace(f.Usage)
			}
		})
	}
	for _, sub := range c.Commands() {
		escapeAngles(sub)
	}
}
