package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/pdata/plog"
)

// countConfig is the count exporter's configuration.
type countConfig struct {
	// Path is the file that holds, after each batch, how many log records
	// the exporter has received in all: one decimal number, rewritten in
	// place (fixed width, so a reader never sees a torn value).
	Path string `mapstructure:"path"`
}

func (c *countConfig) Validate() error {
	if c.Path == "" {
		return errors.New("count: path is required")
	}
	return nil
}

func newCountFactory() exporter.Factory {
	return exporter.NewFactory(component.MustNewType("count"),
		func() component.Config { return &countConfig{} },
		exporter.WithLogs(createCount, component.StabilityLevelDevelopment))
}

func createCount(_ context.Context, _ exporter.Settings, cfg component.Config) (exporter.Logs, error) {
	return &count{path: cfg.(*countConfig).Path}, nil
}

// count is the cheapest sink a benchmark can wait on: it keeps nothing but
// the number of records, written before ConsumeLogs returns.
type count struct {
	path string
	mu   sync.Mutex
	n    int64
	f    *os.File
}

func (c *count) Start(context.Context, component.Host) error {
	f, err := os.OpenFile(c.path, os.O_CREATE|os.O_RDWR|os.O_TRUNC, 0o644)
	c.f = f
	if err == nil {
		err = c.write()
	}
	return err
}

func (c *count) write() error {
	_, err := c.f.WriteAt(fmt.Appendf(nil, "%020d\n", c.n), 0)
	return err
}

func (c *count) Shutdown(context.Context) error {
	if c.f == nil {
		return nil
	}
	return c.f.Close()
}

func (c *count) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

func (c *count) ConsumeLogs(_ context.Context, ld plog.Logs) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += int64(ld.LogRecordCount())
	return c.write()
}
