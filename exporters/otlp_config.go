package exporters

import (
	"cmp"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
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
	if err := validPort(u); err != nil {
		return nil, configErrorf("%s %q: %v", from, raw, err)
	}
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
// service.name=dos, service.version, host.name and the telemetry.sdk.*
// attributes of the OpenTelemetry SDK that encodes it, then
// OTEL_RESOURCE_ATTRIBUTES over them, then OTEL_SERVICE_NAME over
// service.name. Sorted by key.
func OTLPResource(getenv func(string) string, hostname, version string) ([]attribute.KeyValue, error) {
	m := map[string]string{"service.name": "dos", "telemetry.sdk.name": "opentelemetry", "telemetry.sdk.language": "go",
		"telemetry.sdk.version": otel.Version()}
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

// validPort refuses a port that cannot be dialled (a typo, not an outage:
// retrying it until the deadline helps nobody).
func validPort(u *url.URL) error {
	p := u.Port()
	if p == "" {
		if strings.HasSuffix(u.Host, ":") {
			return errors.New("the port is empty")
		}
		return nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("port %s is not 1 to 65535", p)
	}
	return nil
}

// OTLP protocols (OTEL_EXPORTER_OTLP_PROTOCOL).
const (
	ProtocolHTTP = "http/protobuf"
	ProtocolGRPC = "grpc"
)

// DefaultOTLPTimeout is how long one OTLP request may take unless
// OTEL_EXPORTER_OTLP_TIMEOUT says otherwise (the specification's 10 s).
const DefaultOTLPTimeout = 10 * time.Second

// OTLPConfig is the OTLP client's whole configuration, resolved from the
// flags and every standard OTEL_EXPORTER_OTLP_* variable (the LOGS_ one
// over the generic one). dos passes its own HTTP client to otlploghttp, so
// the SDK reads none of them: they are all read here.
type OTLPConfig struct {
	Protocol string   // ProtocolHTTP or ProtocolGRPC
	URL      *url.URL // http: the /v1/logs URL; grpc: scheme://host:port
	Headers  map[string]string
	Timeout  time.Duration // one request (OTEL_EXPORTER_OTLP_TIMEOUT, milliseconds)
	Gzip     bool          // OTEL_EXPORTER_OTLP_COMPRESSION=gzip
	// TLS holds OTEL_EXPORTER_OTLP_CERTIFICATE (the CA the collector's
	// certificate is checked against) and _CLIENT_CERTIFICATE/_CLIENT_KEY
	// (mTLS); nil is the system roots and no client certificate.
	TLS *tls.Config
	// Insecure is plaintext gRPC: an http:// endpoint, or a bare
	// host:port with OTEL_EXPORTER_OTLP_INSECURE=true.
	Insecure bool
}

// otlpEnv reads OTEL_EXPORTER_OTLP_LOGS_<k> › OTEL_EXPORTER_OTLP_<k> and
// says which one it was.
func otlpEnv(getenv func(string) string, k string) (value, name string) {
	name = "OTEL_EXPORTER_OTLP_LOGS_" + k
	if v := strings.TrimSpace(getenv(name)); v != "" {
		return v, name
	}
	name = "OTEL_EXPORTER_OTLP_" + k
	return strings.TrimSpace(getenv(name)), name
}

// ResolveOTLP reads the OTLP configuration; every problem is a
// *ConfigError naming the flag or variable (never a header's value or a
// file's content).
func ResolveOTLP(endpointFlag string, getenv func(string) string) (OTLPConfig, error) {
	var c OTLPConfig
	proto, pname := otlpEnv(getenv, "PROTOCOL")
	switch proto {
	case "", ProtocolHTTP:
		c.Protocol = ProtocolHTTP
	case ProtocolGRPC:
		c.Protocol = ProtocolGRPC
	case "http/json":
		return c, configErrorf("%s=http/json is not supported: use http/protobuf (the default) or grpc", pname)
	default:
		return c, configErrorf("%s=%q: use http/protobuf (the default) or grpc", pname, proto)
	}
	var err error
	if c.Protocol == ProtocolGRPC {
		c.URL, c.Insecure, err = grpcEndpoint(endpointFlag, getenv)
	} else {
		c.URL, err = OTLPEndpoint(endpointFlag, getenv)
	}
	if err != nil {
		return c, err
	}
	if c.Headers, err = OTLPHeaders(getenv); err != nil {
		return c, err
	}
	c.Timeout = DefaultOTLPTimeout
	if v, name := otlpEnv(getenv, "TIMEOUT"); v != "" {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil || ms <= 0 || ms > int64(time.Hour/time.Millisecond) {
			return c, configErrorf("%s=%q: give the request timeout in milliseconds (1 to 3600000), e.g. 10000", name, v)
		}
		c.Timeout = time.Duration(ms) * time.Millisecond
	}
	switch v, name := otlpEnv(getenv, "COMPRESSION"); strings.ToLower(v) {
	case "gzip":
		c.Gzip = true
	case "", "none":
	default:
		return c, configErrorf("%s=%q: use gzip or none", name, v)
	}
	c.TLS, err = otlpTLS(getenv)
	return c, err
}

// grpcEndpoint resolves a gRPC collector address: --endpoint ›
// OTEL_EXPORTER_OTLP_LOGS_ENDPOINT › OTEL_EXPORTER_OTLP_ENDPOINT ›
// http://localhost:4317. http:// is plaintext, https:// TLS; a bare
// host:port is TLS unless OTEL_EXPORTER_OTLP_INSECURE=true. A path is
// meaningless to gRPC and refused.
func grpcEndpoint(flag string, getenv func(string) string) (*url.URL, bool, error) {
	raw, from := flag, "--endpoint"
	if raw == "" {
		raw, from = otlpEnv(getenv, "ENDPOINT")
	}
	if raw == "" {
		raw, from = "http://localhost:4317", "the default"
	}
	raw = strings.TrimSpace(raw)
	bare := !strings.Contains(raw, "://")
	if bare {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return nil, false, configErrorf("%s %q: want host:port or an http:// or https:// URL such as http://127.0.0.1:4317", from, raw)
	}
	if err := validPort(u); err != nil {
		return nil, false, configErrorf("%s %q: %v", from, raw, err)
	}
	if u.Port() == "" {
		u.Host += ":4317"
	}
	insecure := u.Scheme == "http"
	if bare {
		v, _ := otlpEnv(getenv, "INSECURE")
		if insecure, _ = strconv.ParseBool(v); insecure {
			u.Scheme = "http"
		}
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, insecure, nil
}

// otlpTLS loads OTEL_EXPORTER_OTLP_CERTIFICATE and the client certificate
// pair. It returns nil when none is set.
func otlpTLS(getenv func(string) string) (*tls.Config, error) {
	ca, caName := otlpEnv(getenv, "CERTIFICATE")
	cert, certName := otlpEnv(getenv, "CLIENT_CERTIFICATE")
	key, keyName := otlpEnv(getenv, "CLIENT_KEY")
	if ca == "" && cert == "" && key == "" {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if ca != "" {
		pem, err := readPEM(caName, ca)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return nil, configErrorf("%s %s: no PEM certificate in the file", caName, ca)
		}
	}
	switch {
	case (cert == "") != (key == ""):
		return nil, configErrorf("mTLS needs both %s and %s", certName, keyName)
	case cert != "":
		cp, err := readPEM(certName, cert)
		if err != nil {
			return nil, err
		}
		kp, err := readPEM(keyName, key)
		if err != nil {
			return nil, err
		}
		pair, err := tls.X509KeyPair(cp, kp)
		if err != nil {
			return nil, configErrorf("%s and %s are not a certificate and its private key (PEM)", certName, keyName)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}

func readPEM(name, path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, configErrorf("%s %s: %v", name, path, err)
	}
	return b, nil
}
