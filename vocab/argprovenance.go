package vocab

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// arg-provenance: did a mutating tool call's id-shaped arguments come from
// bytes the environment wrote (what the agent read, the task text), or did
// the model mint them? An id that appears nowhere the agent could have
// read it from is UNSUPPORTED.

// Stances of one argument.
const (
	StanceSupported   = "SUPPORTED"
	StanceUnsupported = "UNSUPPORTED"
	StanceAbstain     = "ABSTAIN"
)

// ProvenanceCall is the call judged: the tool, its arguments (a JSON
// object, keys in order), the corpus of environment-authored text, the
// argument names that are new keys (minted on purpose), and whether the
// caller says the call only reads.
type ProvenanceCall struct {
	Tool    string
	Args    []ProvenanceArg
	Corpus  []string
	NewKeys []string
	Read    bool
}

// ProvenanceArg is one top-level argument: its name and raw JSON value.
type ProvenanceArg struct {
	Name  string
	Value json.RawMessage
}

// ArgStance is the judgement of one argument.
type ArgStance struct {
	ArgName             string   `json:"arg_name"`
	ValueRepr           string   `json:"value_repr"`
	Stance              string   `json:"stance"`
	IDShaped            bool     `json:"id_shaped"`
	IsReference         bool     `json:"is_reference"`
	MatchedIn           string   `json:"matched_in,omitempty"` // verbatim | components
	ComponentsChecked   []string `json:"components_checked"`
	ComponentsUnmatched []string `json:"components_unmatched"`
	Reason              string   `json:"reason"`
}

// ArgProvenanceDetail is arg-provenance's detail: counts and argument
// names, never the values (they are the agent's text).
type ArgProvenanceDetail struct {
	Tool        string   `json:"tool"`
	Mutating    bool     `json:"mutating"`
	Args        int      `json:"args"`
	IDShaped    int      `json:"id_shaped"`
	Supported   int      `json:"supported"`
	Unsupported []string `json:"unsupported"` // argument names
	CorpusItems int      `json:"corpus_items"`
	Reason      string   `json:"reason"` // non-mutating | empty-corpus | traced | untraced
}

var mutatingVerbs = sync.OnceValue(func() []string {
	return strings.Fields("create update delete remove add send set assign insert patch put post modify edit submit close resolve cancel approve reject schedule move rename upload share grant revoke transfer merge link attach")
})

// Mutating reports whether a tool name reads as a write: lower-cased with
// '-' and '.' as '_', some '_' part is (or the name starts with) a
// mutating verb.
func Mutating(tool string) bool {
	n := strings.NewReplacer("-", "_", ".", "_").Replace(strings.ToLower(tool))
	for _, v := range mutatingVerbs() {
		if strings.HasPrefix(n, v) {
			return true
		}
	}
	for _, p := range strings.Split(n, "_") {
		for _, v := range mutatingVerbs() {
			if p == v {
				return true
			}
		}
	}
	return false
}

// ClassifyArgProvenance judges a call: a read → BELIEVE; an empty corpus
// (the first call) → BELIEVE with every argument ABSTAIN; otherwise any
// id-shaped argument not traced to the corpus → UNSUPPORTED.
func ClassifyArgProvenance(c ProvenanceCall) (Verdict, ArgProvenanceDetail, []ArgStance) {
	d := ArgProvenanceDetail{Tool: c.Tool, Mutating: !c.Read && Mutating(c.Tool), Args: len(c.Args), Unsupported: []string{}}
	var corpus []string
	for _, s := range c.Corpus {
		if strings.TrimSpace(s) != "" {
			corpus = append(corpus, s)
		}
	}
	d.CorpusItems = len(corpus)
	head := fmt.Sprintf("%s  (mutating=%v)", c.Tool, d.Mutating)
	stances := make([]ArgStance, 0, len(c.Args))
	switch {
	case !d.Mutating:
		for _, a := range c.Args {
			stances = append(stances, ArgStance{ArgName: a.Name, ValueRepr: repr(a.Value), Stance: StanceAbstain, Reason: "not gated", ComponentsChecked: []string{}, ComponentsUnmatched: []string{}})
		}
		d.Reason = "non-mutating"
		return Verdictf(VerdictBelieve, d.Reason, "%s\n  read / non-mutating call — provenance not gated (reads source it)%s", head, renderStances(stances)), d, stances
	case len(corpus) == 0:
		for _, a := range c.Args {
			stances = append(stances, ArgStance{ArgName: a.Name, ValueRepr: repr(a.Value), Stance: StanceAbstain, Reason: "empty corpus (first call) — nothing the environment wrote to trace against", ComponentsChecked: []string{}, ComponentsUnmatched: []string{}})
		}
		d.Reason = "empty-corpus"
		return Verdictf(VerdictBelieve, d.Reason, "%s\n  empty corpus (first call) — no environment-authored bytes yet, nothing to trace%s", head, renderStances(stances)), d, stances
	}
	ix := newCorpusIndex(corpus)
	newKey := map[string]bool{}
	for _, k := range c.NewKeys {
		newKey[k] = true
	}
	for _, a := range c.Args {
		s := judgeArg(a.Name, a.Value, ix, newKey[a.Name])
		if s.IDShaped {
			d.IDShaped++
		}
		switch s.Stance {
		case StanceSupported:
			d.Supported++
		case StanceUnsupported:
			d.Unsupported = append(d.Unsupported, a.Name)
		}
		stances = append(stances, s)
	}
	if len(d.Unsupported) > 0 {
		d.Reason = "untraced"
		return Verdictf(VerdictUnsupported, d.Reason, "%s\n  %d id-shaped argument(s) (%s) appear in no environment-authored bytes — resolve them via a read first%s",
			head, len(d.Unsupported), strings.Join(d.Unsupported, ", "), renderStances(stances)), d, stances
	}
	d.Reason = "traced"
	return Verdictf(VerdictBelieve, d.Reason, "%s\n  every id-shaped argument is traced to environment-authored bytes (%d of %d arguments id-shaped)%s",
		head, d.IDShaped, d.Args, renderStances(stances)), d, stances
}

func renderStances(ss []ArgStance) string {
	var b strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&b, "\n    %-11s %s=%s  %s", s.Stance, s.ArgName, s.ValueRepr, s.Reason)
	}
	return b.String()
}

func repr(v json.RawMessage) string { return strings.TrimSpace(string(v)) }

// judgeArg decides one argument (a leaf, or a list or object of leaves).
func judgeArg(name string, v json.RawMessage, ix corpusIndex, isNew bool) ArgStance {
	s := ArgStance{ArgName: name, ValueRepr: repr(v), Stance: StanceAbstain, ComponentsChecked: []string{}, ComponentsUnmatched: []string{}}
	if isNew {
		s.Reason = "a new key (--new-key): minted on purpose"
		return s
	}
	var leaves []string
	collectLeaves(v, &leaves)
	anyID, allTraced := false, true
	for _, leaf := range leaves {
		if !IDShaped(name, leaf) {
			continue
		}
		anyID = true
		ok, how, checked, unmatched := ix.trace(leaf)
		s.ComponentsChecked = append(s.ComponentsChecked, checked...)
		s.ComponentsUnmatched = append(s.ComponentsUnmatched, unmatched...)
		if !ok {
			allTraced = false
			if s.Reason == "" {
				s.Reason = fmt.Sprintf("id-shaped reference %q has component(s) %v that appear in no env-authored bytes — looks model-minted (resolve via a read first)", leaf, unmatched)
			}
		} else if s.MatchedIn == "" {
			s.MatchedIn = how
		}
	}
	s.IDShaped, s.IsReference = anyID, anyID
	switch {
	case !anyID:
		s.Reason = "not id-shaped"
	case !allTraced:
		s.Stance, s.MatchedIn = StanceUnsupported, ""
	default:
		s.Stance = StanceSupported
		if s.MatchedIn == "verbatim" {
			s.Reason = "the id appears verbatim in env-authored bytes"
		} else {
			s.Reason = "every component of the id is traced to env-authored bytes"
		}
	}
	return s
}

// collectLeaves flattens a JSON value to its string and number leaves
// (null and bools are never ids).
func collectLeaves(v json.RawMessage, out *[]string) {
	var x any
	d := json.NewDecoder(strings.NewReader(string(v)))
	d.UseNumber()
	if d.Decode(&x) != nil {
		return
	}
	var walk func(any)
	walk = func(x any) {
		switch t := x.(type) {
		case string:
			*out = append(*out, t)
		case json.Number:
			*out = append(*out, t.String())
		case []any:
			for _, e := range t {
				walk(e)
			}
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(t[k])
			}
		}
	}
	walk(x)
}

// corpusIndex is the corpus folded for tracing: its case-folded text, its
// tokens and its numbers with leading zeros stripped.
type corpusIndex struct {
	text    string
	tokens  map[string]bool
	numbers map[string]bool
}

func newCorpusIndex(corpus []string) corpusIndex {
	ix := corpusIndex{text: strings.ToLower(strings.Join(corpus, "\n")), tokens: map[string]bool{}, numbers: map[string]bool{}}
	for _, t := range strings.FieldsFunc(ix.text, func(r rune) bool { return !isIDRune(r) }) {
		ix.tokens[t] = true
	}
	for _, n := range digitRuns(ix.text) {
		ix.numbers[stripZeros(n)] = true
	}
	return ix
}

// trace reports whether leaf is traced: verbatim, or by every data-bearing
// component (digit runs, uuid and hex chunks, the email domain label).
func (ix corpusIndex) trace(leaf string) (ok bool, how string, checked, unmatched []string) {
	low := strings.ToLower(leaf)
	if ix.tokens[low] || strings.Contains(ix.text, low) {
		return true, "verbatim", nil, nil
	}
	comps := components(low)
	if len(comps) == 0 {
		return false, "", nil, []string{low}
	}
	for _, c := range comps {
		checked = append(checked, c)
		if !ix.traced(c) {
			unmatched = append(unmatched, c)
		}
	}
	return len(unmatched) == 0, "components", checked, unmatched
}

func (ix corpusIndex) traced(c string) bool {
	if ix.tokens[c] || allDigits(c) && ix.numbers[stripZeros(c)] {
		return true
	}
	if len(c) < 4 {
		return false
	}
	if strings.Contains(ix.text, c) {
		return true
	}
	for t := range ix.tokens {
		if len(t) >= 4 && strings.Contains(c, t) {
			return true
		}
	}
	return false
}

func components(low string) []string {
	switch {
	case isUUID(low):
		return strings.Split(low, "-")
	case isHex32(low):
		return []string{low}
	}
	var out []string
	if at := strings.LastIndexByte(low, '@'); at > 0 {
		if label, _, _ := strings.Cut(low[at+1:], "."); label != "" {
			out = append(out, label)
		}
		low = low[:at]
	}
	return append(digitRuns(low), out...)
}

func digitRuns(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

func stripZeros(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return "0"
	}
	return t
}

func isIDRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:#/-@", r)
}

func allDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

func isHexString(s string) bool {
	return s != "" && strings.Trim(strings.ToLower(s), "0123456789abcdef") == ""
}

func isHex32(s string) bool { return len(s) == 32 && isHexString(s) }

func isUUID(s string) bool {
	p := strings.Split(s, "-")
	if len(p) != 5 {
		return false
	}
	for i, n := range []int{8, 4, 4, 4, 12} {
		if len(p[i]) != n || !isHexString(p[i]) {
			return false
		}
	}
	return true
}

var quantityWords = sync.OnceValue(func() []string {
	return strings.Fields("count limit amount qty quantity size total price cost max min page offset timeout duration retries days hours minutes seconds ms port width height length age")
})

var idSuffixes = []string{"_id", "_ref", "_key", "_email", "sys_id", "id"}

// IDShaped reports whether an argument value looks like a reference to
// something that exists (an id), as opposed to free data.
func IDShaped(name, v string) bool {
	n := strings.ToLower(name)
	idName := false
	for _, suf := range idSuffixes[:5] {
		if strings.HasSuffix(n, suf) {
			idName = true
		}
	}
	if idName && len(v) >= 2 && len(v) <= 3 && allDigits(v) {
		return true
	}
	if len(v) < 4 || strings.ContainsAny(v, " \t\n") || notAnID(v) {
		return false
	}
	for _, r := range v {
		if !isIDRune(r) {
			return false
		}
	}
	low := strings.ToLower(v)
	letters, digits := strings.IndexFunc(low, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0, strings.IndexFunc(low, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0
	switch {
	case isUUID(low), isHex32(low), isEmail(low):
		return true
	case letters && digits:
		return true
	case allDigits(v):
		for _, q := range quantityWords() {
			if strings.Contains(n, q) {
				return false
			}
		}
		return true
	}
	return idName && strings.Trim(low, "abcdefghijklmnopqrstuvwxyz0123456789") == ""
}

func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

// notAnID is true for dates, times, decimals, versions, phone numbers,
// 13-digit epochs and the JSON words.
func notAnID(v string) bool {
	low := strings.ToLower(v)
	switch low {
	case "true", "false", "null", "none":
		return true
	}
	if len(v) == 13 && allDigits(v) {
		return true
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil && strings.Contains(v, ".") {
		return true
	}
	if len(v) >= 10 && allDigits(v[:4]) && v[4] == '-' && allDigits(v[5:7]) && v[7] == '-' && allDigits(v[8:10]) {
		return true
	}
	if i := strings.IndexByte(v, ':'); i > 0 && i <= 2 && allDigits(v[:i]) && len(v) >= i+3 && allDigits(v[i+1:i+3]) {
		return true
	}
	if strings.Trim(strings.TrimPrefix(low, "v"), "0123456789.") == "" && strings.Count(v, ".") >= 1 {
		return true
	}
	if strings.Trim(v, "0123456789-+() ") == "" && strings.Count(v, "-") >= 2 && len(digitRuns(v)) >= 3 {
		return true
	}
	return false
}
