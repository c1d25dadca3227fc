package journal

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecodeLine feeds arbitrary bytes to the line decoder. It must never
// panic, must accept only valid JSON, and whatever it accepts must survive a
// round trip through the encoder unchanged. Seeds live in
// testdata/fuzz/FuzzDecodeLine.
func FuzzDecodeLine(f *testing.F) {
	f.Add([]byte(`{"v":1,"seq":1,"id":"01JD0000000000000000000000","ts":"2026-11-23T12:00:00.001000000Z","kind":"verdict","syscall":"verify","verdict":"SHIPPED","run_id":"","detail":{},"hash":"` + GenesisHash + `"}`))
	f.Add([]byte(`{"v":2,"seq":9}`))
	f.Add([]byte(`{"detail":{"a":[1,2.5e3,-0,{"b":null}],"c":"\u00e9\ud83d\ude00"},"v":1}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var d decoder
		var r Record
		err := d.decode(line, &r)
		if err != nil {
			return
		}
		if !json.Valid(line) {
			t.Fatalf("decoder accepted invalid JSON %q", line)
		}
		enc, _ := r.MarshalJSON()
		var r2 Record
		if err := d.decode(enc, &r2); err != nil {
			t.Fatalf("re-encoded record does not decode: %v\n%s", err, enc)
		}
		enc2, _ := r2.MarshalJSON()
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("round trip changed the record:\n%s\n%s", enc, enc2)
		}
	})
}
