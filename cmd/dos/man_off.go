//go:build !man

package main

import "github.com/spf13/cobra"

// extraCommands are the commands compiled in only with a build tag: none
// in the everyday binary (gen-man needs -tags man; see man_cmd.go).
func extraCommands() []func(*app) *cobra.Command { return nil }
