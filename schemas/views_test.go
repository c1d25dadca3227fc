package schemas

import (
	"encoding/json"
	"testing"
)

// TestEverySchemaCompilesUnderItsID compiles each embedded document and
// checks its $id is BaseURL + its file name, which is how references between
// documents resolve.
func TestEverySchemaCompilesUnderItsID(t *testing.T) {
	ents, err := files.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, _ := Raw(e.Name())
		var doc struct {
			ID string `json:"$id"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if doc.ID != BaseURL+e.Name() {
			t.Errorf("%s: $id %q, want %q", e.Name(), doc.ID, BaseURL+e.Name())
		}
		if _, err := Compile(e.Name()); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
}
