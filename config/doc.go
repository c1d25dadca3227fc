// Package config reads a workspace's own rules from dos.toml: the lane
// taxonomy ([lanes]), the ship-stamp grammar ([stamp]), the refusal
// reasons ([reasons.*]) and the paths ([paths]), and returns them as plain
// values (vocab.Lanes, vocab.Stamp, vocab.ReasonSpec, Paths) that the
// kernel and the views take as arguments; pure code never reads the file.
//
// The reference's failure rule holds: a missing or empty table keeps its
// default; a malformed one yields one Warning naming the file, the line
// and the key, falls back to its default, and the verb goes on (callers
// turn warnings into exit 2 under --strict-config / DOS_STRICT_CONFIG=1).
// A TOML syntax error is one warning and every table falls back.
//
// Parsing is github.com/pelletier/go-toml/v2: Unmarshal for the values
// and, only when a warning or a lint finding needs a line number, its
// unstable.Parser for the positions of keys and array elements.
package config
