package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/version"
)

// TestVersion_FlagAndCommandAgree: `dos --version` was an unknown flag;
// it prints what `dos version` prints, and neither says Go's "(devel)".
func TestVersion_FlagAndCommandAgree(t *testing.T) {
	flag, cmd := dos(t, nil, "--version"), dos(t, nil, "version")
	if flag.code != 0 || flag.stdout != cmd.stdout || !strings.HasPrefix(flag.stdout, "dos ") || strings.Contains(flag.stdout, "(devel)") {
		t.Fatalf("--version %q (exit %d), version %q", flag.stdout, flag.code, cmd.stdout)
	}
	var v version.Info
	if err := json.Unmarshal([]byte(dos(t, nil, "version", "--json").stdout), &v); err != nil || v.Version == "" || v.Version == "(devel)" {
		t.Fatalf("version --json: %+v %v", v, err)
	}
}

// TestVersion_MakeBuildStampsVersionAndCommit builds dos with the ldflags
// `make build` links with (from `make ldflags`) and checks the binary
// names the version it was given and the commit it was built from.
func TestVersion_MakeBuildStampsVersionAndCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	root := filepath.Join("..", "..")
	ld, err := exec.Command("make", "-s", "-C", root, "ldflags", "VERSION=v9.8.7-test").Output()
	if err != nil {
		t.Fatalf("make ldflags: %v", err)
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	// make's flags but -s -w, so the symbol table can be read below.
	flags := strings.TrimSpace(strings.Replace(string(ld), "-s -w", "", 1))
	bin := filepath.Join(t.TempDir(), "dos")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", flags, "-o", bin, "../../cmd/dos")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	want := "dos v9.8.7-test (commit " + strings.TrimSpace(string(head)) + ", "
	if err != nil || !strings.HasPrefix(string(out), want) {
		t.Fatalf("--version = %q (%v), want %q…", out, err, want)
	}
	// cobra's Version field (or any custom template) executes text/template,
	// and then the linker keeps every exported method: +2 MB and slower
	// page-in for every verdict. The lean binary must never run a template.
	syms, err := exec.Command("go", "tool", "nm", bin).Output()
	if err != nil {
		t.Fatalf("go tool nm: %v", err)
	}
	if strings.Contains(string(syms), "text/template.(*state).walk") {
		t.Fatal("dos links text/template's executor: a template is executed somewhere (cobra's Version or a Set*Template?)")
	}
}
