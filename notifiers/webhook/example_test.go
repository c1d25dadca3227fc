package webhook_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/dos-go/dos/notifiers/webhook"
)

// A receiver verifies each request before it parses the body, then drops
// repeats by event id (docs/WEBHOOKS.md).
func ExampleVerifyRequest() {
	secret := []byte("whsec-example")
	seen := map[string]bool{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := webhook.VerifyRequest(r, secret, time.Now(), webhook.DefaultTolerance)
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var p webhook.Payload
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, "bad payload", http.StatusBadRequest)
			return
		}
		if !seen[p.EventID] {
			seen[p.EventID] = true
			fmt.Printf("%s %s: %d decisions\n", p.Kind, p.EventID, len(p.Decisions))
		}
		w.WriteHeader(http.StatusNoContent)
	})

	// what dos sends, twice (a retry), and a forgery
	body := []byte(`{"version":1,"kind":"decisions","event_id":"ev-00000000000000000001","decisions":[]}`)
	send := func(key []byte) int {
		ts := time.Now().Unix()
		r := httptest.NewRequest("POST", "/dos", bytes.NewReader(body))
		r.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts, 10))
		r.Header.Set(webhook.HeaderSignature, webhook.Sign(key, ts, body))
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, r)
		return w.Code
	}
	fmt.Println(send(secret), send(secret), send([]byte("guess")))
	// Output:
	// decisions ev-00000000000000000001: 0 decisions
	// 204 204 401
}
