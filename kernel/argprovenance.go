package kernel

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// ArgProvenanceRequest is the call to judge and the corpus it is judged
// against: the task text, each --prior blob and the lines of --prior-file.
type ArgProvenanceRequest struct {
	Tool, Args, TaskText, PriorFile string
	Priors, NewKeys                 []string
	Read                            bool
}

// ArgProvenanceJSON is arg-provenance's --json: the Report plus the
// reference's keys.
type ArgProvenanceJSON struct {
	Report
	Believe     bool              `json:"believe"`
	ArgStances  []vocab.ArgStance `json:"args"`
	Unsupported []string          `json:"unsupported"`
}

func (x ArgProvenanceJSON) withReport(r Report) any { x.Report = r; return x }

// ParseArgs reads --args: a JSON object, its members in the order given.
func ParseArgs(s string) ([]vocab.ProvenanceArg, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, vocab.Usagef("--args must be a JSON object of the tool call's arguments, e.g. --args '{\"incident_id\":\"INC0010023\"}'")
	}
	var out []vocab.ProvenanceArg
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, vocab.Usagef("--args is not valid JSON: %v", err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, vocab.Usagef("--args is not valid JSON: %v", err)
		}
		out = append(out, vocab.ProvenanceArg{Name: tok.(string), Value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, vocab.Usagef("--args is not valid JSON: %v", err)
	}
	return out, nil
}

// ArgProvenance judges whether a mutating call's id-shaped arguments are
// traced to environment-authored bytes and appends one record holding the
// counts and the untraced argument names, never the values.
func ArgProvenance(ctx context.Context, env Env, req ArgProvenanceRequest) (Result, error) {
	if strings.TrimSpace(req.Tool) == "" {
		return Result{}, vocab.Usagef("--tool is required: the name of the tool being called")
	}
	args, err := ParseArgs(req.Args)
	if err != nil {
		return Result{}, err
	}
	corpus := append([]string{req.TaskText}, req.Priors...)
	if req.PriorFile != "" {
		b, err := os.ReadFile(req.PriorFile)
		if err != nil {
			return Result{}, vocab.Usagef("--prior-file %s cannot be read: %v", req.PriorFile, err)
		}
		for _, line := range bytes.Split(b, []byte("\n")) {
			if s := strings.TrimSpace(string(line)); s != "" {
				corpus = append(corpus, s)
			}
		}
	}
	v, d, stances := vocab.ClassifyArgProvenance(vocab.ProvenanceCall{Tool: req.Tool, Args: args, Corpus: corpus, NewKeys: req.NewKeys, Read: req.Read})
	res := env.emit(ctx, vocab.SysArgProvenance, v, journal.Record{Subject: subjectOf(req.Tool)}, d)
	res.Extra = ArgProvenanceJSON{Believe: v.Token == vocab.VerdictBelieve, ArgStances: stances, Unsupported: d.Unsupported}
	return res, nil
}
