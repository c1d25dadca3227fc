// Package layers has no code: its test loads dos's package graph and fails
// when an import points the wrong way (see layers_test.go for the rules).
package layers
