package cli

import (
	"strings"
	"testing"
)

func TestCompletion_Shells(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		r := dos(t, nil, "completion", sh)
		if r.code != 0 || !strings.Contains(r.stdout, "dos") || len(r.stdout) < 500 {
			t.Errorf("%s: exit %d, %d bytes", sh, r.code, len(r.stdout))
		}
	}
}
