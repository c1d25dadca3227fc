package install

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// The JSON merge splices dos's entries into the user's bytes: it finds
// where the hooks object and each event's array open and close, and
// inserts text there, indented like the file. Everything else — key
// order, spacing, comments-free JSON the user wrote — stays byte for byte.
// (encoding/json would re-encode the whole document and lose the order;
// the byte-editing libraries insert compact text without the file's
// indentation, hence this small scanner.)

// kv is one member to add: its key and value.
type kv struct {
	key string
	val any
}

// addMembers inserts adds as the last members of the object at open
// (members ms, '}' at close), at depth.
func addMembers(b []byte, open int, ms []member, close int, adds []kv, unit string, depth int) edit {
	var parts []string
	for _, a := range adds {
		k, _ := json.Marshal(a.key)
		parts = append(parts, strings.Repeat(unit, depth)+string(k)+": "+encode(a.val, unit, depth))
	}
	body := strings.Join(parts, ",\n")
	if len(ms) == 0 {
		return edit{open + 1, close, "\n" + body + "\n" + strings.Repeat(unit, depth-1)}
	}
	end := ms[len(ms)-1].val.end
	return edit{end, end, ",\n" + body}
}

// addElements inserts vals as the last elements of the array at open.
func addElements(open int, els []span, close int, vals []any, unit string, depth int) edit {
	var parts []string
	for _, v := range vals {
		parts = append(parts, strings.Repeat(unit, depth)+encode(v, unit, depth))
	}
	body := strings.Join(parts, ",\n")
	if len(els) == 0 {
		return edit{open + 1, close, "\n" + body + "\n" + strings.Repeat(unit, depth-1)}
	}
	end := els[len(els)-1].end
	return edit{end, end, ",\n" + body}
}

// entry is dos's hook entry for one wire, in the host's format.
func (h Host) entry(verb string) any {
	type cmd struct {
		Type    string `json:"type,omitempty"`
		Command string `json:"command"`
		Timeout int    `json:"timeout,omitempty"`
	}
	if h.Format == JSONFlat {
		return cmd{Command: h.Command(verb), Timeout: h.Timeout}
	}
	return struct {
		Hooks []cmd `json:"hooks"`
	}{[]cmd{{Type: "command", Command: h.Command(verb), Timeout: h.Timeout}}}
}

// hasDosEntry reports whether an event's array element is (or holds) a
// dos hook command.
func hasDosEntry(raw []byte) bool {
	var v struct {
		Command string `json:"command"`
		Hooks   []struct {
			Command string `json:"command"`
		} `json:"hooks"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	if IsDosCommand(v.Command) {
		return true
	}
	for _, x := range v.Hooks {
		if IsDosCommand(x.Command) {
			return true
		}
	}
	return false
}

func mergeJSON(h Host, in []byte, force bool) (Result, error) {
	var res Result
	b := in
	if len(bytes.TrimSpace(b)) == 0 {
		b = []byte("{}\n")
	}
	var probe any
	if err := json.Unmarshal(b, &probe); err != nil {
		if !force {
			return res, fmt.Errorf("is not valid JSON (%v); fix it or pass --force to start it afresh", err)
		}
		b, res.Notes = []byte("{}\n"), append(res.Notes, h.File+" was not valid JSON: started afresh (--force)")
	} else if _, ok := probe.(map[string]any); !ok {
		if !force {
			return res, fmt.Errorf("is not a JSON object; fix it or pass --force to start it afresh")
		}
		b, res.Notes = []byte("{}\n"), append(res.Notes, h.File+" was not a JSON object: started afresh (--force)")
	}
	top := skipWS(b, 0)
	unit := indentUnit(b, top)
	ms, topClose := members(b, top)
	var edits []edit
	var topAdds []kv
	if h.Format == JSONFlat && !hasKey(ms, "version") {
		topAdds = append(topAdds, kv{"version", 1})
	}
	allEvents := func() orderedObj {
		vals := map[string]any{}
		for _, ev := range h.Events() {
			vals[ev] = h.entriesFor(ev)
		}
		return orderedObj{keys: h.Events(), vals: vals}
	}
	hooksAt := -1
	for _, m := range ms {
		if m.key != "hooks" {
			continue
		}
		if b[m.val.start] == '{' {
			hooksAt = m.val.start
			continue
		}
		res.Notes = append(res.Notes, "a \"hooks\" that was not an object was replaced")
		edits = append(edits, edit{m.val.start, m.val.end, encode(allEvents(), unit, 1)})
		res.Added = h.Events()
	}
	if hooksAt < 0 && res.Added == nil {
		topAdds = append(topAdds, kv{"hooks", allEvents()})
		res.Added = h.Events()
	}
	if len(topAdds) > 0 {
		edits = append(edits, addMembers(b, top, ms, topClose, topAdds, unit, 1))
	}
	if hooksAt >= 0 {
		evs, hooksClose := members(b, hooksAt)
		var missing []kv
		for _, ev := range h.Events() {
			var arr *member
			for i := range evs {
				if evs[i].key == ev {
					arr = &evs[i]
				}
			}
			switch {
			case arr == nil:
				missing = append(missing, kv{ev, h.entriesFor(ev)})
				res.Added = append(res.Added, ev)
			case b[arr.val.start] != '[':
				res.Notes = append(res.Notes, fmt.Sprintf("hooks.%s was not a list: replaced", ev))
				edits = append(edits, edit{arr.val.start, arr.val.end, encode(h.entriesFor(ev), unit, 2)})
				res.Added = append(res.Added, ev)
			default:
				edits = append(edits, h.mergeEvent(b, *arr, ev, force, unit, &res)...)
			}
		}
		if len(missing) > 0 {
			edits = append(edits, addMembers(b, hooksAt, evs, hooksClose, missing, unit, 2))
		}
	}
	res.Out = apply(b, edits)
	if len(edits) == 0 {
		res.Out = in
	}
	return res, nil
}

func hasKey(ms []member, k string) bool {
	for _, m := range ms {
		if m.key == k {
			return true
		}
	}
	return false
}

// entriesFor is the list dos puts under event ev (one entry per wire).
func (h Host) entriesFor(ev string) []any {
	var out []any
	for _, w := range h.Wires {
		if w.Event == ev {
			out = append(out, h.entry(w.Verb))
		}
	}
	return out
}

// mergeEvent adds dos's entry to one event's existing array, or leaves it
// when a dos entry is there (force: replace dos's entries, keep theirs).
func (h Host) mergeEvent(b []byte, arr member, ev string, force bool, unit string, res *Result) []edit {
	els, close := elements(b, arr.val.start)
	var theirs []span
	dos := 0
	for _, e := range els {
		if hasDosEntry(b[e.start:e.end]) {
			dos++
		} else {
			theirs = append(theirs, e)
		}
	}
	if dos > 0 && !force {
		res.Already = append(res.Already, ev)
		return nil
	}
	res.Added = append(res.Added, ev)
	if dos == 0 {
		return []edit{addElements(arr.val.start, els, close, h.entriesFor(ev), unit, 3)}
	}
	// --force with dos entries present: rebuild the array from their
	// entries (bytes kept) and dos's canonical ones.
	var s strings.Builder
	s.WriteString("[")
	for i, e := range theirs {
		if i > 0 {
			s.WriteString(",")
		}
		s.WriteString("\n" + strings.Repeat(unit, 3))
		s.Write(b[e.start:e.end])
	}
	for i, v := range h.entriesFor(ev) {
		if i > 0 || len(theirs) > 0 {
			s.WriteString(",")
		}
		s.WriteString("\n" + strings.Repeat(unit, 3) + encode(v, unit, 3))
	}
	s.WriteString("\n" + strings.Repeat(unit, 2) + "]")
	return []edit{{arr.val.start, arr.val.end, s.String()}}
}

// orderedObj renders the events in the matrix's order (a map would sort
// them).
type orderedObj struct {
	keys []string
	vals map[string]any
}

// MarshalJSON writes the members in keys' order.
func (o orderedObj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
