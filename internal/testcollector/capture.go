package main

import (
	"context"
	"errors"
	"os"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/pdata/plog"
)

// captureConfig is the capture exporter's configuration.
type captureConfig struct {
	// Path is the file each received batch is appended to as one line of
	// OTLP/JSON.
	Path string `mapstructure:"path"`
}

func (c *captureConfig) Validate() error {
	if c.Path == "" {
		return errors.New("capture: path is required")
	}
	return nil
}

func newCaptureFactory() exporter.Factory {
	return exporter.NewFactory(component.MustNewType("capture"),
		func() component.Config { return &captureConfig{} },
		exporter.WithLogs(createCapture, component.StabilityLevelDevelopment))
}

func createCapture(_ context.Context, _ exporter.Settings, cfg component.Config) (exporter.Logs, error) {
	return &capture{path: cfg.(*captureConfig).Path}, nil
}

// capture writes synchronously: ConsumeLogs returns only after the line is
// written, so the receiver acknowledges only what is on disk.
type capture struct {
	path string
	mu   sync.Mutex
	f    *os.File
	m    plog.JSONMarshaler
}

func (c *capture) Start(context.Context, component.Host) error {
	f, err := os.OpenFile(c.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	c.f = f
	return err
}

func (c *capture) Shutdown(context.Context) error {
	if c.f == nil {
		return nil
	}
	return c.f.Close()
}

func (c *capture) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

func (c *capture) ConsumeLogs(_ context.Context, ld plog.Logs) error {
	b, err := c.m.MarshalLogs(ld)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err = c.f.Write(append(b, '\n'))
	return err
}
