package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"
)

// file is one archive entry: its path under the archive's directory, its
// mode (0755 or 0644) and where its bytes are on disk.
type file struct {
	rel  string
	mode fs.FileMode
	src  string
}

// entry is a file as read back from an archive.
type entry struct {
	name string // the full path in the archive, directory prefix included
	mode fs.FileMode
	data []byte
}

// writeArchive writes files under dir/ as a tar.gz or (by name) zip. Every
// entry has mtime, owner root and a fixed mode, and entries are sorted, so
// one commit packs to the same bytes (and checksums) every time.
func writeArchive(out, dir string, files []file, mtime time.Time) error {
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if strings.HasSuffix(out, ".zip") {
		err = writeZip(f, dir, files, mtime)
	} else {
		err = writeTarGz(f, dir, files, mtime)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
	}
	return err
}

// dirsOf returns every directory the files sit in, parents first.
func dirsOf(dir string, files []file) []string {
	seen := map[string]bool{dir: true}
	out := []string{dir}
	for _, f := range files {
		var chain []string
		for d := path.Dir(path.Join(dir, f.rel)); !seen[d]; d = path.Dir(d) {
			seen[d] = true
			chain = append(chain, d)
		}
		for i := len(chain) - 1; i >= 0; i-- {
			out = append(out, chain[i])
		}
	}
	return out
}

func writeTarGz(w io.Writer, dir string, files []file, mtime time.Time) error {
	gz := gzip.NewWriter(w) // no name, no time in the header
	tw := tar.NewWriter(gz)
	for _, d := range dirsOf(dir, files) {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: mtime, Format: tar.FormatPAX}); err != nil {
			return err
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f.src)
		if err != nil {
			return err
		}
		h := &tar.Header{Typeflag: tar.TypeReg, Name: path.Join(dir, f.rel), Mode: int64(f.mode), Size: int64(len(b)), ModTime: mtime, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, dir string, files []file, mtime time.Time) error {
	zw := zip.NewWriter(w)
	for _, d := range dirsOf(dir, files) {
		h := &zip.FileHeader{Name: d + "/", Modified: mtime}
		h.SetMode(fs.ModeDir | 0o755)
		if _, err := zw.CreateHeader(h); err != nil {
			return err
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f.src)
		if err != nil {
			return err
		}
		h := &zip.FileHeader{Name: path.Join(dir, f.rel), Method: zip.Deflate, Modified: mtime}
		h.SetMode(f.mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(b); err != nil {
			return err
		}
	}
	return zw.Close()
}

// readArchive returns the regular files of a tar.gz or zip, in order.
func readArchive(name string) ([]entry, error) {
	if strings.HasSuffix(name, ".zip") {
		return readZip(name)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	tr := tar.NewReader(gz)
	var out []entry
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if h.Typeflag == tar.TypeDir {
			continue
		}
		if h.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("%s: %s is not a regular file", name, h.Name)
		}
		var b bytes.Buffer
		if _, err := io.Copy(&b, tr); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, h.Name, err)
		}
		out = append(out, entry{name: h.Name, mode: fs.FileMode(h.Mode).Perm(), data: b.Bytes()})
	}
}

func readZip(name string) ([]entry, error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var out []entry
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, zf.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, zf.Name, err)
		}
		out = append(out, entry{name: zf.Name, mode: zf.Mode().Perm(), data: b})
	}
	return out, nil
}
