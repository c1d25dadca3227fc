package cli

import (
	"errors"
	"io"
	"os"
	"os/exec"
)

// ChildHandoff returns a hand-off to dos-pipes that runs it as a child
// process with the given streams and returns its exit code as this
// command's: what tests use (an exec would replace the test binary), and
// what a platform without exec(2) uses.
func ChildHandoff(stdin io.Reader, stdout, stderr io.Writer) func(path string, argv, env []string) error {
	return func(path string, argv, env []string) error {
		cmd := exec.Command(path, argv[1:]...)
		cmd.Env, cmd.Stdin, cmd.Stdout, cmd.Stderr = env, stdin, stdout, stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ExitWith(ee.ExitCode())
		}
		return err
	}
}

// MinimalEnviron is an environment of only PATH and HOME from this process
// (so git and the Go tool are found), then env: what tests hand a child.
func MinimalEnviron(env map[string]string) []string {
	list := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		list = append(list, k+"="+v)
	}
	return list
}
