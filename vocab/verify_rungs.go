package vocab

import (
	"fmt"
	"strings"
)

// verify's other rungs, tried in the reference's order around the stamp
// (grep) rung: the run registry first, the plan document's file paths
// last. Each is evidence git holds; a registry row that names a commit git
// does not have, or one not reachable from the ref, never ships.

// Evidence sources beyond grep-subject.
const (
	ViaRegistry     = "registry"
	ViaGrepArtifact = "grep-artifact"
)

// Reason codes of the other rungs.
const (
	ReasonRegistryRow   = "registry-row"   // a done row naming a reachable commit that changed files
	ReasonArtifactPaths = "artifact-paths" // one commit touched ≥ 2 of the phase's paths
)

// RegistryEvidence is the registry rung: the execution-state file's first
// done row for plan phase, and what git says about the commit it names.
type RegistryEvidence struct {
	File         string // the file read ("" when there is none)
	Err          string // why it could not be read or parsed (it then counts as {})
	Row          bool   // a done row matched
	SHA          string // its commit_sha, as written
	IsCommit     bool   // git has that commit
	Reachable    bool   // it is reachable from the ref
	FullSHA      string
	FilesChanged int
}

// ArtifactEvidence is the file-path rung: the phase's section of the plan
// document, the repo paths it names, and the newest non-merge commit that
// touched at least two of them, one not shared infra.
type ArtifactEvidence struct {
	Doc     string   // the plan document ("" when none declares the plan)
	Paths   []string // repo paths the phase's section names
	SHA     string   // the shipping commit
	Touched []string // the section's paths it touched
	Why     string   // why the rung found nothing, when it did not
}

// RungTrace is one rung tried: --explain prints each.
type RungTrace struct {
	Rung    string `json:"rung"`
	Matched bool   `json:"matched"`
	Why     string `json:"why"`
}

// VerifyRungsDetail is verify's detail: the grep rung's, plus which rung
// decided and every rung tried.
type VerifyRungsDetail struct {
	VerifyDetail
	Rungs []RungTrace `json:"rungs"`
}

// ClassifyVerifyRungs decides verify over the rungs: a registry row whose
// commit git has, reachable from the ref and changing files, ships
// (source registry); else the stamp rung's verdict stands when it ships;
// else the file-path rung ships when one commit touched two of the phase's
// paths (source grep-artifact); else NOT_SHIPPED.
func ClassifyVerifyRungs(plan, phase string, reg RegistryEvidence, grep Verdict, gd VerifyDetail, art ArtifactEvidence) (Verdict, VerifyRungsDetail) {
	d := VerifyRungsDetail{VerifyDetail: gd}
	regTrace := RungTrace{Rung: ViaRegistry}
	switch {
	case reg.File == "":
		regTrace.Why = "no execution-state file"
	case reg.Err != "":
		regTrace.Why = "execution-state file unreadable, counted as empty: " + reg.Err
	case !reg.Row:
		regTrace.Why = fmt.Sprintf("no done row for %s %s in %s", plan, phase, reg.File)
	case !reg.IsCommit:
		regTrace.Why = fmt.Sprintf("the done row names %s, which is not a commit in this repository — refused (a made-up sha never ships)", reg.SHA)
	case !reg.Reachable:
		regTrace.Why = fmt.Sprintf("the done row names %s, which is not reachable from %s — refused", ShortSHA(reg.FullSHA), gd.Ref)
	case reg.FilesChanged == 0:
		regTrace.Why = fmt.Sprintf("the done row names %s, which changed no files — refused", ShortSHA(reg.FullSHA))
	default:
		regTrace.Matched, regTrace.Why = true, fmt.Sprintf("done row names %s, reachable from %s, %d file(s) changed", ShortSHA(reg.FullSHA), gd.Ref, reg.FilesChanged)
	}
	grepTrace := RungTrace{Rung: ViaGrepSubject, Matched: grep.Token == VerdictShipped}
	switch gd.Reason {
	case ReasonShipped:
		grepTrace.Why = fmt.Sprintf("%s is stamped and changed %d file(s)", ShortSHA(gd.SHA), gd.FilesChanged)
	case ReasonNoStamp:
		grepTrace.Why = "no reachable commit subject carries the stamp"
	default:
		grepTrace.Why = fmt.Sprintf("%d stamped commit(s), none counts: %s", gd.Stamped, gd.Reason)
	}
	artTrace := RungTrace{Rung: ViaGrepArtifact, Matched: art.SHA != "", Why: art.Why}
	if art.SHA != "" {
		artTrace.Why = fmt.Sprintf("%s touched %s, named in %s", ShortSHA(art.SHA), strings.Join(art.Touched, ", "), art.Doc)
	}
	d.Rungs = []RungTrace{regTrace, grepTrace, artTrace}
	switch {
	case regTrace.Matched:
		d.Via, d.SHA, d.FilesChanged, d.Reason = ViaRegistry, reg.FullSHA, reg.FilesChanged, ReasonRegistryRow
		return Verdictf(VerdictShipped, ReasonRegistryRow, "%s %s %s (via %s)", plan, phase, ShortSHA(reg.FullSHA), ViaRegistry), d
	case grepTrace.Matched:
		return grep, d
	case artTrace.Matched:
		d.Via, d.SHA, d.Reason = ViaGrepArtifact, art.SHA, ReasonArtifactPaths
		d.FilesChanged = len(art.Touched)
		return Verdictf(VerdictShipped, ReasonArtifactPaths, "%s %s %s (via %s)", plan, phase, ShortSHA(art.SHA), ViaGrepArtifact), d
	}
	return grep, d
}

// VerifyInterpretation is the line --explain adds: what the verdict means
// for whoever reads it.
func VerifyInterpretation(token, via, sha string) string {
	if token == VerdictShipped {
		by := "evidence"
		switch via {
		case ViaRegistry:
			by = "a run-registry row"
		case ViaGrepSubject:
			by = "a git commit"
		}
		return fmt.Sprintf("SHIPPED — confirmed by %s (%s). You can rely on this; the evidence is real, not self-reported.", by, ShortSHA(sha))
	}
	return "NOT shipped — and there is NO positive evidence either way (no registry row, no matching commit). Treat it as not done. Do NOT accept a worker's claim that it shipped without evidence."
}

// PhaseSectionPaths reads the repo paths the phase's section of a plan
// document names: the section opens at a "#… PHASE" heading or a
// "- **PHASE" item and runs to the next heading or item of that kind; a
// path is a token with a '/' and an extension ("api/auth/login.go").
func PhaseSectionPaths(doc, phase string) []string {
	var out []string
	seen := map[string]bool{}
	in := false
	for _, line := range strings.Split(doc, "\n") {
		t := strings.TrimSpace(line)
		opens := strings.HasPrefix(t, "#") || strings.HasPrefix(t, "- **")
		if opens {
			body := strings.TrimLeft(strings.TrimPrefix(t, "- **"), "# ")
			in = hasPrefixFold(body, phase) && stampBoundary(body, len(phase))
			if !in {
				continue
			}
		}
		if !in {
			continue
		}
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(" \t`'\"()[]<>,;*|", r) }) {
			w = strings.TrimRight(w, ".:")
			if strings.Contains(w, "/") && !strings.Contains(w, "://") && strings.Contains(w[strings.LastIndexByte(w, '/')+1:], ".") && !strings.HasPrefix(w, "/") && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}
