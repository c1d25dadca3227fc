package main

import "github.com/spf13/cobra"

// addNotifyCommands registers the notify commands.
func addNotifyCommands(root *cobra.Command, a *app) {}
