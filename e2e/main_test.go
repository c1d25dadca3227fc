//go:build e2e

package e2e

import (
	"os"
	"testing"
)

// testTmp holds the binaries the tests build; TestMain removes it.
var testTmp string

func TestMain(m *testing.M) {
	var err error
	if testTmp, err = os.MkdirTemp("", "dos-e2e-"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(testTmp)
	os.Exit(code)
}
