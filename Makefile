# dos — build, test, measure.
GO       ?= go
BIN      ?= bin/dos
PIPES    ?= bin/dos-pipes
# The version is the tag (v1.2.0), or how far past one (v1.2.0-4-gabc1234),
# or the commit alone; -dirty when the tree has changes. internal/version
# is its single source: dos version, the archives' names, User-Agent.
ifndef VERSION
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo unknown)
endif
COMMIT   := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
VPKG     := github.com/dos-go/dos/internal/version
LDFLAGS  := -s -w -X $(VPKG).version=$(VERSION) -X $(VPKG).commit=$(COMMIT)
BENCHTIME ?= 2s
PREFIX   ?= /usr/local
MANDIR   ?= $(PREFIX)/share/man
# Every release archive's entries carry the commit's time, so a commit
# packs to the same bytes and checksums.
MTIME    := $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
# Where dos ships (make dist) and what CI cross-vets besides linux/amd64.
DIST_TARGETS  ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
CROSS_TARGETS ?= darwin/amd64 darwin/arm64 windows/amd64 windows/arm64 linux/arm64
comma := ,
empty :=
space := $(empty) $(empty)

.PHONY: ldflags build install test test-short race bench lint fmt clean man e2e demo fuzz cross dist rules

# Static binaries (no cgo): they start ~0.7 ms sooner than ones that load
# libc, and a verdict is mostly process start.
build: ## build bin/dos and its sibling bin/dos-pipes (export and notify)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/dos
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(PIPES) ./cmd/dos-pipes

ldflags: ## print the -ldflags `make build` links with (version and commit), for other builds
	@echo '$(LDFLAGS)'

# docs writes the man pages and the shell completions under $(1): man/man1/
# and completions/ (bash, zsh, fish, PowerShell), from the command tree.
define docs
	$(GO) run ./internal/cli/genman --dir $(1)/man/man1 >/dev/null
	mkdir -p $(1)/completions
	$(GO) build -o $(1)/.dos ./cmd/dos
	$(1)/.dos completion bash > $(1)/completions/dos.bash
	$(1)/.dos completion zsh > $(1)/completions/_dos
	$(1)/.dos completion fish > $(1)/completions/dos.fish
	$(1)/.dos completion powershell > $(1)/completions/dos.ps1
	rm -f $(1)/.dos
endef

install: build ## dos and dos-pipes to $(PREFIX)/bin, man pages to $(MANDIR), bash/zsh/fish completions
	rm -rf bin/share
	$(call docs,bin/share)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 $(BIN) $(PIPES) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 bin/share/man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 bin/share/completions/dos.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/dos
	install -m 0644 bin/share/completions/_dos $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_dos
	install -m 0644 bin/share/completions/dos.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/dos.fish

# cross compiles with the flags dist builds with (static, -trimpath), so
# dist after it finds every package of those targets already compiled.
cross: ## vet every package, tests included, and build both binaries for $(CROSS_TARGETS)
	@set -e; for t in $(CROSS_TARGETS); do os=$${t%/*}; arch=$${t#*/}; echo "== $$t"; \
		export CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch; \
		$(GO) vet -trimpath ./...; \
		$(GO) vet -trimpath -tags e2e ./e2e/; \
		for c in dos dos-pipes; do $(GO) build -trimpath -o /dev/null ./cmd/$$c; done; \
	done

dist: ## release archives for $(DIST_TARGETS) in dist/ with checksums.txt, then check what each holds
	rm -rf dist
	$(call docs,dist/.stage/common)
	cp README.md LICENSE dist/.stage/common/
	@set -e; for t in $(DIST_TARGETS); do os=$${t%/*}; arch=$${t#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		echo "build $$os/$$arch"; \
		for c in dos dos-pipes; do CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags '$(LDFLAGS)' \
			-o dist/.stage/$${os}_$${arch}/$$c$$ext ./cmd/$$c; done; \
	done
	$(GO) run ./internal/dist pack -version '$(VERSION)' -stage dist/.stage -out dist -mtime $(MTIME)
	rm -rf dist/.stage
	$(GO) run ./internal/dist check -version '$(VERSION)' -targets '$(subst $(space),$(comma),$(strip $(DIST_TARGETS)))' dist

# go test through a progress printer: a line per package as it finishes,
# every failed test's output, and every 20s what is still running (the
# pipes' trials take minutes). It exits as go test does.
GOTEST   := GO=$(GO) $(GO) run ./internal/testprogress

test: ## run every test (what CI runs), printing each package as it finishes
	$(GOTEST) -count=1 ./...

test-short: ## skip the slow process, crash and million-record trials
	$(GOTEST) -short -count=1 ./...

race: ## the short suite under the race detector (group commit, drains, follow loops)
	$(GOTEST) -race -short -count=1 ./...

e2e: ## the operator kit end to end: dos, a real Collector, statsd_exporter, Prometheus
	$(GO) test -tags e2e -count=1 -v ./e2e/

FUZZTIME ?= 20s
fuzz: ## the journal's line decoder and segment reader and the lease snapshot codec under the fuzzer, $(FUZZTIME) each (corpus in journal/testdata/fuzz)
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeLine$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./journal/
	$(GO) test -run '^$$' -fuzz '^FuzzScanSegment$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./journal/
	$(GO) test -run '^$$' -fuzz '^FuzzParseSnapshot$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./lease/

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
	rm -rf bin dist

demo: ## watch dos catch a false claim in a throwaway git repository (needs only git); KEEP=DIR keeps it there
	$(GO) run ./cmd/dos quickstart$(if $(KEEP), --keep '$(KEEP)')
