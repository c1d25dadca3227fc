// Package e2e proves the operator kit end to end with the real programs an
// operator runs: the dos binary, an OpenTelemetry Collector built from the
// collector's Go modules, statsd_exporter and Prometheus. Its tests carry the
// e2e build tag and run with `make e2e` (CI runs it from .ci/run, which
// installs Prometheus); see harness_test.go for how each peer is found.
package e2e
