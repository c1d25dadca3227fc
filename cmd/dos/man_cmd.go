//go:build man

// The man page generator is built only with -tags man (make man): cobra/doc
// pulls in a markdown renderer and a YAML parser whose initialisers would
// otherwise run on every dos invocation, verdicts included.

package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// extraCommands are the commands compiled in only with a build tag.
func extraCommands() []func(*app) *cobra.Command {
	return []func(*app) *cobra.Command{manCmd}
}

// manCmd generates man pages for every command; `make man` runs it.
func manCmd(a *app) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:    "gen-man",
		Short:  "Write a man page per command into --dir (used by `make man`)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true
			hdr := &doc.GenManHeader{Title: "DOS", Section: "1", Source: "dos", Manual: "dos manual"}
			if err := doc.GenManTree(root, hdr, dir); err != nil {
				return fmt.Errorf("generate man pages: %w", err)
			}
			fmt.Fprintf(a.stdout, "man pages written to %s\n", dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "man/man1", "directory for the pages")
	return cmd
}
