package main

import "github.com/spf13/cobra"

// addKernelCommands registers the kernel commands.
func addKernelCommands(root *cobra.Command, a *app) {}
