package cli

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
)

// Handoff runs dos-pipes as a child process in this one's stead: the
// child gets the streams, the caught signals are passed on (or, where the
// OS delivers them to the child itself, only kept from killing this
// process while it waits), and the child's exit code becomes this
// command's. Windows has no exec(2), so it is how dos hands export and
// notify over there (exec_windows.go); tests use it everywhere, since an
// exec would replace the test binary.
type Handoff struct {
	// Stdin, Stdout and Stderr are the child's streams. An *os.File is
	// handed over as is (the child sees the same terminal or console);
	// anything else is copied; nil is the null device.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Signals are caught from before the child starts until it has exited.
	Signals []os.Signal
	// Forward passes a caught signal on to the child; nil passes nothing
	// (the OS already delivered it to the child, as a console does).
	Forward func(child *os.Process, sig os.Signal) error
}

// Run starts path with argv (argv[0] is the name it is called by) and env,
// and returns nil when it exits 0, else an error carrying its exit code
// (a child killed by a signal exits 128+n, as a shell reports it).
func (h Handoff) Run(path string, argv, env []string) error {
	cmd := exec.Command(path)
	cmd.Args, cmd.Env = argv, env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = h.Stdin, h.Stdout, h.Stderr
	var caught chan os.Signal
	if len(h.Signals) > 0 {
		caught = make(chan os.Signal, 8)
		signal.Notify(caught, h.Signals...)
		defer signal.Stop(caught)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case sig := <-caught:
			if h.Forward != nil {
				h.Forward(cmd.Process, sig) // a child already gone is Wait's to report
			}
		case err := <-done:
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return ExitWith(exitCodeOf(ee.ProcessState))
			}
			return err
		}
	}
}

// ChildHandoff returns a hand-off to dos-pipes that runs it as a child
// with the given streams and this platform's signal policy (see Handoff):
// what tests pass as Options.ExecPipes.
func ChildHandoff(stdin io.Reader, stdout, stderr io.Writer) func(path string, argv, env []string) error {
	return Handoff{Stdin: stdin, Stdout: stdout, Stderr: stderr, Signals: handoffSignals, Forward: forwardSignal}.Run
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
