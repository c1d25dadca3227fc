package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dos-go/dos/vocab"
)

// tomlType names a decoded value's TOML type for messages.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64:
		return "integer"
	case float64:
		return "float"
	case []any:
		return "array"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}

func asTable(label string, v any) (map[string]any, *problem) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, problemf("", "[%s] must be a table, got %s", label, tomlType(v))
	}
	return m, nil
}

// strList is a list of strings ([lanes] lists, tree values).
func strList(label, key string, v any) ([]string, *problem) {
	list, ok := v.([]any)
	if !ok {
		return nil, problemf(key, "[%s].%s must be a list of strings, got %s", label, key, tomlType(v))
	}
	out := make([]string, 0, len(list))
	for i, el := range list {
		s, ok := el.(string)
		if !ok {
			return nil, problemf(fmt.Sprintf("%s[%d]", key, i), "[%s].%s must be a list of strings, got %s at index %d", label, key, tomlType(el), i)
		}
		out = append(out, s)
	}
	return out, nil
}

// strOrList is a string or a list of strings ([stamp] lists, see_also).
func strOrList(label, key string, v any) ([]string, *problem) {
	if s, ok := v.(string); ok {
		return []string{s}, nil
	}
	return strList(label, key, v)
}

func unknownKeys(label string, m map[string]any, known []string) *problem {
	var bad []string
	for k := range m {
		if !slices.Contains(known, k) {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return problemf(bad[0], "[%s] has unknown key(s) [%s]; known keys are [%s]", label, strings.Join(bad, ", "), strings.Join(known, ", "))
}

// parseLanes: a present [lanes] REPLACES the whole taxonomy.
func (c *Config) parseLanes(v any) *problem {
	m, p := asTable("lanes", v)
	if p != nil {
		return p
	}
	l := vocab.Lanes{Concurrent: []string{}, Exclusive: []string{}, Autopick: []string{}, Trees: map[string][]string{}, Aliases: map[string]string{}, Declared: true}
	dsts := map[string]*[]string{"concurrent": &l.Concurrent, "exclusive": &l.Exclusive, "autopick": &l.Autopick}
	for _, key := range []string{"concurrent", "exclusive", "autopick"} {
		dst := dsts[key]
		if raw, ok := m[key]; ok {
			list, p := strList("lanes", key, raw)
			if p != nil {
				return p
			}
			*dst = list
		}
	}
	if raw, ok := m["trees"]; ok {
		trees, p := asTable("lanes.trees", raw)
		if p != nil {
			p.key = "trees"
			return p
		}
		for _, lane := range sortedKeys(trees) {
			tree, p := strList("lanes.trees", lane, trees[lane])
			if p != nil {
				p.key = "trees." + p.key
				return p
			}
			l.Trees[lane] = tree
		}
	}
	if raw, ok := m["aliases"]; ok {
		aliases, p := asTable("lanes.aliases", raw)
		if p != nil {
			p.key = "aliases"
			return p
		}
		for _, kw := range sortedKeys(aliases) {
			av := aliases[kw]
			s, ok := av.(string)
			if !ok {
				return problemf("aliases."+kw, "[lanes.aliases].%s must be a lane name (a string), got %s", kw, tomlType(av))
			}
			l.Aliases[kw] = s
		}
	}
	c.Lanes = l
	return nil
}

var stampLists = []string{"subject_dirs", "summary_bundle_prefixes", "bookkeeping_prefixes", "progress_markers", "code_dirs", "infra_basenames", "infra_doc_basenames"}

// parseStamp: [stamp] overrides the keys it names; lists replace.
func (c *Config) parseStamp(v any) *problem {
	m, p := asTable("stamp", v)
	if p != nil {
		return p
	}
	known := append([]string{"style", "trailer_stamp", "sub_phase_parent_fallback"}, stampLists...)
	sort.Strings(known)
	if p := unknownKeys("stamp", m, known); p != nil {
		return p
	}
	s := c.Stamp
	if raw, ok := m["style"]; ok {
		str, ok := raw.(string)
		if !ok {
			return problemf("style", "[stamp].style must be a string, got %s", tomlType(raw))
		}
		s.Style = str
	}
	lists := map[string]*[]string{"subject_dirs": &s.SubjectDirs, "summary_bundle_prefixes": &s.SummaryBundlePrefixes,
		"bookkeeping_prefixes": &s.BookkeepingPrefixes, "progress_markers": &s.ProgressMarkers, "code_dirs": &s.CodeDirs,
		"infra_basenames": &s.InfraBasenames, "infra_doc_basenames": &s.InfraDocBasenames}
	for _, key := range stampLists {
		if raw, ok := m[key]; ok {
			list, p := strOrList("stamp", key, raw)
			if p != nil {
				return p
			}
			*lists[key] = list
		}
	}
	bools := map[string]*bool{"trailer_stamp": &s.TrailerStamp, "sub_phase_parent_fallback": &s.SubPhaseParentFallback}
	for _, key := range []string{"sub_phase_parent_fallback", "trailer_stamp"} {
		dst := bools[key]
		if raw, ok := m[key]; ok {
			b, ok := raw.(bool)
			if !ok {
				return problemf(key, "[stamp].%s must be true or false, got %s", key, tomlType(raw))
			}
			*dst = b
		}
	}
	c.Stamp, c.StampDeclared = s, len(m) > 0
	return nil
}

// parseReasons: [reasons.<TOKEN>] tables are ADDED to the base ten.
func (c *Config) parseReasons(v any) *problem {
	m, p := asTable("reasons", v)
	if p != nil {
		return p
	}
	reg := vocab.BaseReasons()
	seen := map[string]bool{}
	for _, r := range reg {
		seen[r.Token] = true
	}
	keys := map[string]string{}
	for _, key := range sortedKeys(m) {
		// Fixed from the reference: [[reasons.morphology]] is a list of
		// substring rules, not a reason token; reading it as one rejected
		// the whole [reasons] table and silently dropped every custom reason.
		if key == "morphology" {
			continue
		}
		tok := strings.ToUpper(strings.TrimSpace(key))
		if seen[tok] {
			return problemf(key, "duplicate reason token %s (the base registry or this file already has it)", tok)
		}
		seen[tok] = true
		spec, p := parseReason(key, tok, m[key])
		if p != nil {
			return p
		}
		reg = append(reg, spec)
		keys[tok] = key
	}
	c.Reasons, c.reasonKeys = reg, keys
	return nil
}

func parseReason(key, tok string, v any) (vocab.ReasonSpec, *problem) {
	label := "reasons." + key
	m, p := asTable(label, v)
	if p != nil {
		p.key = key
		return vocab.ReasonSpec{}, p
	}
	if p := unknownKeys(label, m, []string{"category", "fix", "refusal", "see_also", "summary"}); p != nil {
		p.key = key + "." + p.key
		return vocab.ReasonSpec{}, p
	}
	r := vocab.ReasonSpec{Token: tok, Refusal: true}
	cat, _ := m["category"].(string)
	if !slices.Contains(vocab.ReasonCategories(), cat) {
		raw, ok := m["category"]
		if !ok {
			return r, problemf(key, "reason %s has no category (one of [%s] is required)", tok, strings.Join(vocab.ReasonCategories(), ", "))
		}
		return r, problemf(key+".category", "reason %s has category %q, which is not one of [%s]", tok, fmt.Sprint(raw), strings.Join(vocab.ReasonCategories(), ", "))
	}
	r.Category = cat
	if raw, ok := m["refusal"]; ok {
		b, ok := raw.(bool)
		if !ok {
			return r, problemf(key+".refusal", "[%s].refusal must be true or false, got %s", label, tomlType(raw))
		}
		r.Refusal = b
	}
	strs := map[string]*string{"summary": &r.Summary, "fix": &r.Fix}
	for _, k := range []string{"fix", "summary"} {
		dst := strs[k]
		if raw, ok := m[k]; ok {
			s, ok := raw.(string)
			if !ok {
				return r, problemf(key+"."+k, "[%s].%s must be a string, got %s", label, k, tomlType(raw))
			}
			*dst = s
		}
	}
	if raw, ok := m["see_also"]; ok {
		list, p := strOrList(label, "see_also", raw)
		if p != nil {
			p.key = key + "." + p.key
			return r, p
		}
		r.SeeAlso = list
	}
	return r, nil
}

var pathKeys = []string{"archive_lock", "chained_runs", "dispatch_loops", "execution_state", "fanout_runs", "findings_queue", "lane_journal",
	"leases_dir", "next_packets", "picker_audits", "plans_glob", "project_card", "replan_dir", "soaks_index", "verdict_journal"}

// parsePaths: [paths] overrides only the fields it names; a relative
// path is taken from the workspace root (plans_glob stays relative).
func (c *Config) parsePaths(root string, v any) *problem {
	m, p := asTable("paths", v)
	if p != nil {
		return p
	}
	if p := unknownKeys("paths", m, pathKeys); p != nil {
		return p
	}
	ps := c.Paths
	for _, k := range sortedKeys(m) {
		raw := m[k]
		s, ok := raw.(string)
		if !ok {
			return problemf(k, "[paths].%s must be a string, got %s", k, tomlType(raw))
		}
		abs := s
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(root, s)
		}
		switch k {
		case "plans_glob":
			ps.PlansGlob = s
		case "execution_state":
			ps.ExecutionState = abs
		case "archive_lock":
			ps.ArchiveLock = abs
		default:
			if ps.Other == nil {
				ps.Other = map[string]string{}
			}
			ps.Other[k] = abs
		}
	}
	c.Paths = ps
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
