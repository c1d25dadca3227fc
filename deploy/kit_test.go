// Package deploy holds the operator kit (Collector, Prometheus, statsd,
// Grafana, systemd and cron files) and the tests that read it as the tools
// that load it would. make e2e runs the kit against the real programs.
package deploy

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// collectorConfig is the part of a Collector configuration the delivery
// chain depends on.
type collectorConfig struct {
	Extensions map[string]map[string]any `yaml:"extensions"`
	Processors map[string]any            `yaml:"processors"`
	Exporters  map[string]struct {
		RetryOnFailure struct {
			Enabled        bool   `yaml:"enabled"`
			MaxElapsedTime string `yaml:"max_elapsed_time"`
		} `yaml:"retry_on_failure"`
		SendingQueue struct {
			Enabled bool   `yaml:"enabled"`
			Storage string `yaml:"storage"`
		} `yaml:"sending_queue"`
	} `yaml:"exporters"`
	Service struct {
		Extensions []string `yaml:"extensions"`
		Pipelines  map[string]struct {
			Receivers  []string `yaml:"receivers"`
			Processors []string `yaml:"processors"`
			Exporters  []string `yaml:"exporters"`
		} `yaml:"pipelines"`
	} `yaml:"service"`
}

// TestCollectorKit_AcknowledgesOnlyWhatIsOnDisk: the Collector answers dos
// 2xx (and dos moves its cursor) only once a batch is in a file_storage
// queue that is fsync'd: no batch processor (it answers before storing),
// every exporter of the logs pipeline queued on an enabled file_storage
// extension, retries that never give up.
func TestCollectorKit_AcknowledgesOnlyWhatIsOnDisk(t *testing.T) {
	b, err := os.ReadFile("otelcol/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c collectorConfig
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	logs, ok := c.Service.Pipelines["logs"]
	if !ok || len(logs.Exporters) == 0 {
		t.Fatal("no logs pipeline with an exporter")
	}
	for _, p := range logs.Processors {
		if p == "batch" || strings.HasPrefix(p, "batch/") {
			t.Errorf("the logs pipeline has processor %s: it acknowledges dos before anything is stored, and a crash loses what it holds", p)
		}
	}
	enabled := map[string]bool{}
	for _, e := range c.Service.Extensions {
		enabled[e] = true
	}
	for _, name := range logs.Exporters {
		e, ok := c.Exporters[name]
		if !ok {
			t.Fatalf("exporter %s is not defined", name)
		}
		q := e.SendingQueue
		if !q.Enabled || q.Storage == "" {
			t.Errorf("exporter %s: sending_queue %+v is in memory: a restart loses what dos was told was delivered", name, q)
			continue
		}
		ext, ok := c.Extensions[q.Storage]
		if !ok || !strings.HasPrefix(q.Storage, "file_storage") || !enabled[q.Storage] {
			t.Errorf("exporter %s queues on %q, which is not an enabled file_storage extension", name, q.Storage)
			continue
		}
		if ext["fsync"] != true || ext["directory"] == nil {
			t.Errorf("file_storage %s: %v; want a directory and fsync: true", q.Storage, ext)
		}
		if !e.RetryOnFailure.Enabled || e.RetryOnFailure.MaxElapsedTime != "0" {
			t.Errorf("exporter %s: retry_on_failure %+v; want enabled with max_elapsed_time 0 (a down backend must not drop queued batches)", name, e.RetryOnFailure)
		}
	}
}
