package config

import (
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// lineIndex maps a dotted key path ("lanes.concurrent", "lanes.trees.src",
// "lanes.autopick[1]", a table header "reasons.X") to its 1-based line.
type lineIndex map[string]int

// buildLines walks the document's expressions once. Built only when a
// warning or a lint finding needs a position (a verdict never pays).
func buildLines(data []byte) lineIndex {
	idx := lineIndex{}
	p := unstable.Parser{KeepComments: false}
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = keyParts(e.Key())
			if k := e.Key(); k.Next() {
				idx.set(strings.Join(table, "."), p.Shape(k.Node().Raw).Start.Line)
			}
		case unstable.KeyValue:
			indexKeyValue(&p, idx, table, e)
		}
	}
	return idx
}

func indexKeyValue(p *unstable.Parser, idx lineIndex, table []string, kv *unstable.Node) {
	path := append(append([]string{}, table...), keyParts(kv.Key())...)
	k := kv.Key()
	if !k.Next() {
		return
	}
	full := strings.Join(path, ".")
	idx.set(full, p.Shape(k.Node().Raw).Start.Line)
	indexValue(p, idx, path, full, kv.Value())
}

func indexValue(p *unstable.Parser, idx lineIndex, path []string, full string, v *unstable.Node) {
	switch v.Kind {
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); i++ {
			el := it.Node()
			if el.Raw.Length > 0 {
				idx.set(fmt.Sprintf("%s[%d]", full, i), p.Shape(el.Raw).Start.Line)
			}
		}
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			indexKeyValue(p, idx, path, it.Node())
		}
	}
}

func (idx lineIndex) set(k string, line int) {
	if _, ok := idx[k]; !ok {
		idx[k] = line
	}
}

func keyParts(it unstable.Iterator) []string {
	var out []string
	for it.Next() {
		out = append(out, string(it.Node().Data))
	}
	return out
}

// line is the line of key, else of its nearest enclosing key or table
// ("lanes.trees.src[0]" → "lanes.trees.src" → "lanes.trees" → "lanes"); 0
// when none is in the file.
func (idx lineIndex) line(key string) int {
	for key != "" {
		if n, ok := idx[key]; ok {
			return n
		}
		if i := strings.LastIndexAny(key, ".["); i >= 0 {
			key = key[:i]
		} else {
			break
		}
	}
	return 0
}
