package main

import "github.com/spf13/cobra"

// addExportCommands registers the export commands.
func addExportCommands(root *cobra.Command, a *app) {}
