package main

import "github.com/spf13/cobra"

// addProjectionCommands registers the projection commands.
func addProjectionCommands(root *cobra.Command, a *app) {}
