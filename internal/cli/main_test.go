package cli

import (
	"os"
	"testing"
)

// testTmp holds the binaries tests build (dos, dos-pipes); TestMain removes
// it, so a test run leaves nothing behind.
var testTmp string

func TestMain(m *testing.M) {
	var err error
	if testTmp, err = os.MkdirTemp("", "dos-cmd-test-"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(testTmp)
	os.Exit(code)
}
