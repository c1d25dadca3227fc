package exporters

import (
	"cmp"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"go.opentelemetry.io/otel/attribute"
)

// LogsPath is where OTLP/HTTP receivers take logs.
const LogsPath = "/v1/logs"

// OTLPEndpoint resolves the URL logs are posted to: --endpoint ›
// OTEL_EXPORTER_OTLP_LOGS_ENDPOINT (used as given) › OTEL_EXPORTER_OTLP_ENDPOINT
// › http://localhost:4318. A base URL from the flag or the generic variable
// gets /v1/logs appended unless it already ends so.
func OTLPEndpoint(flag string, getenv func(string) string) (*url.URL, error) {
	raw, from, exact := flag, "--endpoint", false
	if raw == "" {
		if raw = getenv("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"); raw != "" {
			from, exact = "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", true
		}
	}
	if raw == "" {
		raw, from = getenv("OTEL_EXPORTER_OTLP_ENDPOINT"), "OTEL_EXPORTER_OTLP_ENDPOINT"
	}
	if raw == "" {
		raw = "http://localhost:4318"
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, configErrorf("%s %q: want an http:// or https:// URL such as http://127.0.0.1:4318", from, raw)
	}
	u.User = nil // credentials belong in OTEL_EXPORTER_OTLP_HEADERS, never in output
	if !exact && !strings.HasSuffix(u.Path, LogsPath) {
		u.Path = strings.TrimSuffix(u.Path, "/") + LogsPath
	}
	return u, nil
}

// OTLPHeaders parses OTEL_EXPORTER_OTLP_LOGS_HEADERS › OTEL_EXPORTER_OTLP_HEADERS
// ("k=v,k2=v2", values percent-encoded). Errors never quote a value.
func OTLPHeaders(getenv func(string) string) (map[string]string, error) {
	name := "OTEL_EXPORTER_OTLP_LOGS_HEADERS"
	raw := getenv(name)
	if raw == "" {
		name, raw = "OTEL_EXPORTER_OTLP_HEADERS", getenv("OTEL_EXPORTER_OTLP_HEADERS")
	}
	kv, err := parseKV(raw)
	if err != nil {
		return nil, configErrorf("%s: %v", name, err)
	}
	return kv, nil
}

// OTLPResource is the resource every exported record carries:
// service.name=dos, service.version, host.name, then OTEL_RESOURCE_ATTRIBUTES
// over them, then OTEL_SERVICE_NAME over service.name. Sorted by key.
func OTLPResource(getenv func(string) string, hostname, version string) ([]attribute.KeyValue, error) {
	m := map[string]string{"service.name": "dos"}
	if hostname != "" {
		m["host.name"] = hostname
	}
	if version != "" {
		m["service.version"] = version
	}
	kv, err := parseKV(getenv("OTEL_RESOURCE_ATTRIBUTES"))
	if err != nil {
		return nil, configErrorf("OTEL_RESOURCE_ATTRIBUTES: %v", err)
	}
	for k, v := range kv {
		m[k] = v
	}
	m["service.name"] = cmp.Or(strings.TrimSpace(getenv("OTEL_SERVICE_NAME")), m["service.name"])
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]attribute.KeyValue, 0, len(keys))
	for _, k := range keys {
		out = append(out, attribute.String(k, m[k]))
	}
	return out, nil
}

// parseKV parses the OTel "k=v,k2=v2" list with percent-encoded values.
func parseKV(raw string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(raw) == "" {
		return out, nil
	}
	for i, part := range strings.Split(raw, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("entry %d is not key=value", i+1)
		}
		dv, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("entry %d (%s) has a badly percent-encoded value", i+1, k)
		}
		out[k] = dv
	}
	return out, nil
}
