package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/dos-go/dos/vocab"
	"github.com/pelletier/go-toml/v2"
)

// FileName is the workspace config file, at the workspace root.
const FileName = "dos.toml"

// Config is a workspace's rules: each table as declared, or its default.
type Config struct {
	// Path is the dos.toml read (or looked for); Present says it existed.
	Path    string
	Present bool
	Lanes   vocab.Lanes
	Stamp   vocab.Stamp
	// StampDeclared is true when a non-empty [stamp] was read.
	StampDeclared bool
	// Reasons is the registry: the base ten, then those declared.
	Reasons []vocab.ReasonSpec
	Paths   Paths
	// Hooks is [hooks]: how `dos hook` judges tool calls.
	Hooks Hooks
	// Warnings are the tables that fell back, in table order.
	Warnings []Warning

	data       []byte
	lines      func() lineIndex
	reasonKeys map[string]string // declared token → its key as written
}

// Paths are the [paths] Go reads. PlansGlob stays relative to the
// workspace root; the others are absolute.
type Paths struct {
	PlansGlob      string `json:"plans_glob"`
	ExecutionState string `json:"execution_state"`
	ArchiveLock    string `json:"archive_lock"`
	// Other holds the reference's remaining path keys, as declared.
	Other map[string]string `json:"other,omitempty"`
}

// Hooks are the [hooks] keys.
type Hooks struct {
	// ScopeGate refuses (loop) or warns (operator) a write outside the
	// run's own lane, as $DOS_APPLY_GATE=1 does.
	ScopeGate bool `json:"scope_gate"`
}

// Warning is one table that fell back to its default (or, Table "", a
// file that could not be read or parsed at all).
type Warning struct {
	Path  string `json:"path"`
	Line  int    `json:"line"`
	Table string `json:"table"`
	Key   string `json:"key"`
	Msg   string `json:"message"`
}

// String is the one stderr line: where, what, and that it fell back.
func (w Warning) String() string {
	at := w.Path
	if w.Line > 0 {
		at = fmt.Sprintf("%s:%d", w.Path, w.Line)
	}
	if w.Table == "" {
		return fmt.Sprintf("ignoring %s: %s (every table keeps its default)", at, w.Msg)
	}
	return fmt.Sprintf("ignoring malformed [%s] in %s: %s (the table keeps its default)", w.Table, at, w.Msg)
}

// Default is the generic configuration a workspace without dos.toml has.
func Default(root string) *Config {
	c := &Config{Path: filepath.Join(root, FileName), Lanes: vocab.DefaultLanes(), Stamp: vocab.DefaultStamp(),
		Reasons: vocab.BaseReasons(), Paths: defaultPaths(root)}
	c.lines = func() lineIndex { return lineIndex{} }
	return c
}

func defaultPaths(root string) Paths {
	return Paths{PlansGlob: "docs/**/*-plan.md", ExecutionState: filepath.Join(root, "dos.state.yaml"),
		ArchiveLock: filepath.Join(root, ".dos", "leases", ".archive.lock")}
}

// Load reads <root>/dos.toml. No file is the default with no warning; a
// file that cannot be read is the default with one warning.
func Load(root string) *Config {
	path := filepath.Join(root, FileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(root)
	}
	if err != nil {
		c := Default(root)
		c.Present = true
		c.Warnings = []Warning{{Path: path, Msg: "cannot read: " + err.Error()}}
		return c
	}
	return Parse(root, path, data)
}

// Parse reads data as root's dos.toml (path names it in warnings).
func Parse(root, path string, data []byte) *Config {
	c := Default(root)
	c.Path, c.Present = path, true
	c.data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	c.lines = sync.OnceValue(func() lineIndex { return buildLines(c.data) })
	var doc map[string]any
	if err := toml.Unmarshal(c.data, &doc); err != nil {
		w := Warning{Path: path, Msg: "TOML syntax error: " + err.Error()}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			w.Line, _ = de.Position()
		}
		c.Warnings = append(c.Warnings, w)
		return c
	}
	tables := []struct {
		name  string
		parse func(any) *problem
	}{
		{"reasons", func(v any) *problem { return c.parseReasons(v) }},
		{"stamp", func(v any) *problem { return c.parseStamp(v) }},
		{"lanes", func(v any) *problem { return c.parseLanes(v) }},
		{"paths", func(v any) *problem { return c.parsePaths(root, v) }},
		{"hooks", func(v any) *problem { return c.parseHooks(v) }},
	}
	for _, t := range tables {
		v, ok := doc[t.name]
		if !ok {
			continue
		}
		if p := t.parse(v); p != nil {
			key := t.name
			if p.key != "" {
				key += "." + p.key
			}
			c.Warnings = append(c.Warnings, Warning{Path: path, Line: c.lines().line(key), Table: t.name, Key: key, Msg: p.msg})
		}
	}
	return c
}

// parseHooks reads [hooks]: scope_gate, a bool.
func (c *Config) parseHooks(v any) *problem {
	t, ok := v.(map[string]any)
	if !ok {
		return problemf("", "[hooks] must be a table")
	}
	var h Hooks
	for k, x := range t {
		switch k {
		case "scope_gate":
			b, ok := x.(bool)
			if !ok {
				return problemf(k, "scope_gate must be true or false")
			}
			h.ScopeGate = b
		default:
			return problemf(k, "unknown key %q in [hooks] (known: scope_gate)", k)
		}
	}
	c.Hooks = h
	return nil
}

// Line is the line of a dotted key in the file (0 when absent), for
// findings that point into it.
func (c *Config) Line(key string) int { return c.lines().line(key) }

// StrictError is the error --strict-config turns the warnings into (nil
// when there are none).
func (c *Config) StrictError() error {
	if len(c.Warnings) == 0 {
		return nil
	}
	msg := c.Warnings[0].String()
	if n := len(c.Warnings); n > 1 {
		msg += fmt.Sprintf(" (and %d more)", n-1)
	}
	return vocab.Usagef("dos.toml (strict config): %s", msg)
}

// problem is why a table was rejected: the key (relative to the table)
// and the message.
type problem struct{ key, msg string }

func problemf(key, format string, args ...any) *problem {
	return &problem{key: key, msg: fmt.Sprintf(format, args...)}
}
