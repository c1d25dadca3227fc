//go:build !unix

package cli

import "os"

// notifyResize: without SIGWINCH the size is read again at every refresh.
func notifyResize() (<-chan os.Signal, func()) { return nil, func() {} }
