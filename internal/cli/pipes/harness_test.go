package pipes

import (
	"flag"
	"os"
	"testing"

	"github.com/dos-go/dos/internal/cli/clitest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// testTmp holds the binaries tests build; TestMain removes it.
var testTmp string

func TestMain(m *testing.M) {
	var err error
	if testTmp, err = os.MkdirTemp("", "dos-pipes-test-"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(testTmp)
	os.Exit(code)
}

// result is one in-process dos-pipes invocation.
type result struct {
	stdout, stderr string
	code           int
}

// dos runs dos-pipes's command tree in-process with only the given environment.
func dos(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	r := clitest.Run(t, Register, env, args...)
	return result{r.Stdout, r.Stderr, r.Code}
}

// golden compares got with testdata/golden/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	clitest.Golden(t, name, got, *update)
}

// fixture copies a fixture journal from testdata/journals into a temp dir.
func fixture(t *testing.T, name string) string {
	t.Helper()
	return clitest.Fixture(t, name)
}
