// Package schemas embeds the JSON Schemas (2020-12) describing every durable
// record and wire payload dos produces, so tests and tools validate against
// the same documents that ship in the repository.
package schemas

import (
	"bytes"
	"embed"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed *.schema.json
var files embed.FS

// Names of the embedded schemas.
const (
	JournalRecord = "journal-record.schema.json"
	ExportCursor  = "export-cursor.schema.json"
	ViewCommon    = "view-common.schema.json" // definitions the view documents share
	Observe       = "observe.schema.json"     // dos observe --json
	Helped        = "helped.schema.json"      // dos helped --json
	Trace         = "trace.schema.json"       // dos trace --json
	Resume        = "resume.schema.json"      // dos resume --json and dos complete --json
	Decisions     = "decisions.schema.json"   // dos decisions --json, dos notify decisions
	Top           = "top.schema.json"         // dos top --once --json, dos notify top
	Plan          = "plan.schema.json"        // dos plan --once --json
)

// WebhookPayload is the body `dos notify --notifier webhook` POSTs.
const WebhookPayload = "webhook-payload.schema.json"

// BaseURL is the prefix of every embedded schema's $id.
const BaseURL = "https://dos-go.dev/schemas/"

// Raw returns the bytes of the named schema.
func Raw(name string) ([]byte, error) {
	return files.ReadFile(name)
}

// Compile compiles the named schema, resolving references between the
// embedded documents.
func Compile(name string) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ents, err := files.ReadDir(".")
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", e.Name(), err)
		}
		// Register each document under its $id so references between
		// documents ("view-common.schema.json#/$defs/…") resolve.
		if err := c.AddResource(BaseURL+e.Name(), doc); err != nil {
			return nil, fmt.Errorf("schema %s: %w", e.Name(), err)
		}
	}
	return c.Compile(BaseURL + name)
}

// Validate checks one JSON document against the named schema.
func Validate(name string, doc []byte) error {
	s, err := Compile(name)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return s.Validate(v)
}
