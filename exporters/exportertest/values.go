package exportertest

import (
	"encoding/json"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// kv is an OTLP/JSON key-value.
type kv struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

func attrs(kvs []kv) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, a := range kvs {
		m[a.Key] = value(a.Value)
	}
	return m
}

// value decodes an OTLP/JSON AnyValue: ints to int64, arrays to []any.
func value(raw json.RawMessage) any {
	var v struct {
		StringValue *string      `json:"stringValue"`
		IntValue    *json.Number `json:"intValue"`
		DoubleValue *float64     `json:"doubleValue"`
		BoolValue   *bool        `json:"boolValue"`
		ArrayValue  *struct {
			Values []json.RawMessage `json:"values"`
		} `json:"arrayValue"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	switch {
	case v.StringValue != nil:
		return *v.StringValue
	case v.IntValue != nil:
		i, _ := v.IntValue.Int64()
		return i
	case v.DoubleValue != nil:
		return *v.DoubleValue
	case v.BoolValue != nil:
		return *v.BoolValue
	case v.ArrayValue != nil:
		out := make([]any, 0, len(v.ArrayValue.Values))
		for _, e := range v.ArrayValue.Values {
			out = append(out, value(e))
		}
		return out
	}
	return nil
}

func nanos(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// Statsd is a UDP socket on loopback that keeps every DogStatsD line it
// receives.
type Statsd struct {
	Addr string // host:port
	conn *net.UDPConn

	mu        sync.Mutex
	datagrams int
	lines     []string
}

// ListenStatsd opens the socket; it is closed when the test ends.
func ListenStatsd(tb testing.TB) *Statsd {
	tb.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		tb.Fatal(err)
	}
	conn.SetReadBuffer(8 << 20)
	s := &Statsd{Addr: conn.LocalAddr().String(), conn: conn}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 65536)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			s.mu.Lock()
			s.datagrams++
			for _, l := range strings.Split(strings.TrimRight(string(buf[:n]), "\n"), "\n") {
				if l != "" {
					s.lines = append(s.lines, l)
				}
			}
			s.mu.Unlock()
		}
	}()
	tb.Cleanup(func() { conn.Close(); <-done })
	return s
}

// Lines returns every line received so far, waiting until no datagram has
// arrived for quiet (loopback UDP lands at once; this only bounds the race
// with the reader goroutine).
func (s *Statsd) Lines(quiet time.Duration) []string {
	last := -1
	for {
		s.mu.Lock()
		n := s.datagrams
		s.mu.Unlock()
		if n == last {
			break
		}
		last = n
		time.Sleep(quiet)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.lines...)
}

// Sample is one parsed DogStatsD line.
type Sample struct {
	Name  string
	Value int64
	Type  string
	Tags  []string
	TS    int64
}

// ParseDogStatsD parses "name:value|type|#tag,tag|Tts" (the parts this
// exporter sends; an unknown part is an error).
func ParseDogStatsD(line string) (Sample, bool) {
	parts := strings.Split(line, "|")
	name, val, ok := strings.Cut(parts[0], ":")
	if !ok || len(parts) < 2 {
		return Sample{}, false
	}
	v, err := strconv.ParseInt(val, 10, 64)
	if err != nil {
		return Sample{}, false
	}
	s := Sample{Name: name, Value: v, Type: parts[1]}
	for _, p := range parts[2:] {
		switch {
		case strings.HasPrefix(p, "#"):
			s.Tags = strings.Split(p[1:], ",")
		case strings.HasPrefix(p, "T"):
			if s.TS, err = strconv.ParseInt(p[1:], 10, 64); err != nil {
				return Sample{}, false
			}
		default:
			return Sample{}, false
		}
	}
	return s, true
}
