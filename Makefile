# dos — build, test, measure.
GO       ?= go
BIN      ?= bin/dos
PIPES    ?= bin/dos-pipes
COMMIT   := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS  := -s -w -X github.com/dos-go/dos/internal/version.commit=$(COMMIT)
BENCHTIME ?= 2s
PREFIX   ?= /usr/local

.PHONY: build install test test-short race bench lint fmt clean man e2e demo fuzz rules

# Static binaries (no cgo): they start ~0.7 ms sooner than ones that load
# libc, and a verdict is mostly process start.
build: ## build bin/dos and its sibling bin/dos-pipes (export and notify)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/dos
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(PIPES) ./cmd/dos-pipes

install: build ## copy dos and dos-pipes to $(PREFIX)/bin (default /usr/local)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(PIPES) $(DESTDIR)$(PREFIX)/bin/

test: ## run every test (what CI runs)
	$(GO) test -count=1 ./...

test-short: ## skip the slow process, crash and million-record trials
	$(GO) test -short -count=1 ./...

race: ## the short suite under the race detector (group commit, drains, follow loops)
	$(GO) test -race -short -count=1 ./...

e2e: ## the operator kit end to end: dos, a real Collector, statsd_exporter, Prometheus
	$(GO) test -tags e2e -count=1 -v ./e2e/

FUZZTIME ?= 20s
fuzz: ## the journal's line decoder and segment reader under the fuzzer, $(FUZZTIME) each (corpus in journal/testdata/fuzz)
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeLine$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./journal/
	$(GO) test -run '^$$' -fuzz '^FuzzScanSegment$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./journal/

bench: ## run every benchmark; figures and floors go in docs/BENCHMARKS.md
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) $$($(GO) list ./... | grep -v /internal/cli/pipes)
	$(GO) test -run '^$$' -bench . -benchtime 1x ./internal/cli/pipes/

lint: ## gofmt + go vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/

rules: ## check and unit-test the Prometheus alert rules in deploy/prometheus (needs promtool; skipped without it)
	@if command -v promtool >/dev/null 2>&1; then \
		promtool check rules deploy/prometheus/dos-alerts.yml && (cd deploy/prometheus && promtool test rules dos-alerts.test.yml); \
	else echo "rules: no promtool on PATH (Debian: apt-get install prometheus); skipped"; fi

man: ## man pages for every command into man/man1
	$(GO) run ./internal/cli/genman --dir man/man1

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin

demo: ## watch dos catch a false claim in a throwaway git repository (needs only git)
	$(GO) run ./cmd/dos quickstart
