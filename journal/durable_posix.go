//go:build !windows

package journal

import "os"

// syncDir fsyncs a directory so a create, rename or remove in it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// renameOver is rename(2), atomic over an existing file.
func renameOver(from, to string) error { return os.Rename(from, to) }
