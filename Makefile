# innopark — the commands a newcomer and CI need. See README.md.
#
#   make run     the product with demo data on ./data/innopark.db (SQLite)
#   make test    go vet + gofmt check, then the whole test suite and a bounded fuzz run
#   make fuzz    only the fuzz run of the cell parsers (FUZZTIME=20000x per target)
#   make build   ./bin/innopark, with the version stamped in
#   make deps    installs Debian's chromium for the browser tests (needs root or sudo)
#
# Under CI=true a missing PostgreSQL or Chromium fails the tests; locally they
# skip with a message. .ci/run installs and starts both, then runs `make test`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Go from PATH, else the standard install location. GOTOOLCHAIN=auto lets an
# older installed Go fetch the toolchain go.mod names (a patch release with the
# standard library's security fixes) from the module proxy; a GOTOOLCHAIN set
# in the environment wins.
export GOTOOLCHAIN ?= auto
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
GOFMT ?= $(dir $(GO))gofmt
MODULE := github.com/innopark/innopark
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)

# The packages with in-process concurrency (concurrent transactions, the audit
# chain, serial allocation, the job runner, the middleware, the figure cache
# and its change watchers) run under the race
# detector; the rest run without it, at the same time. The app package's
# concurrency tests run in separate server processes, where -race sees
# nothing, at 3x the time.
RACE_PKGS := ./internal/store ./internal/server ./internal/auth ./internal/jobs ./internal/indicator
OTHER_PKGS = $(shell $(GO) list ./... | grep -vxF $(foreach p,$(RACE_PKGS),-e $(MODULE)/$(p:./%=%)) | sed 's,^$(MODULE)/,./,')
# The timeout guards against a hung test, not a slow one: the store
# package's race run is the longest (about 230 s alone on two cores, 430 s
# beside the rest of the suite).
TESTFLAGS ?= -timeout=15m
# Extra flags, e.g. TESTARGS='-run Browser -v' or TESTARGS=-count=1.
TESTARGS ?=

# The cell parsers (amounts, dates, identifiers) are fuzzed for a bounded
# number of inputs on every test run, besides their seed corpus in the normal
# tests. A count, not a duration: with a duration, Go 1.26's fuzz coordinator
# can report its own deadline as the target failing ("context deadline
# exceeded", no failing input written; go.dev/issue/75804, fixed in Go 1.27).
# 20000 inputs take about 5 s per target on two cores.
FUZZTIME ?= 20000x
FUZZ_TARGETS := FuzzValues FuzzIdent

.PHONY: help run test vet fmt fuzz build deps clean

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

run:
	$(GO) run ./cmd/innopark serve --demo

test: vet
	@if [ -z "$${CHROME_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then \
	  echo "note: Chromium not found - browser tests will $$( [ "$${CI:-}" = true ] && echo FAIL || echo 'be skipped'); 'make deps' installs it"; fi
	@# The two runs go side by side: the race run is mostly the store
	@# package's tests, one after another, which leave a core to the rest.
	@# Its output is shown when both are done.
	@race_log=$$(mktemp); \
	echo "$(GO) test -race $(TESTFLAGS) $(TESTARGS) $(RACE_PKGS) (output below)"; \
	$(GO) test -race $(TESTFLAGS) $(TESTARGS) $(RACE_PKGS) >"$$race_log" 2>&1 & race_pid=$$!; \
	echo "$(GO) test $(TESTFLAGS) $(TESTARGS) $(OTHER_PKGS)"; \
	$(GO) test $(TESTFLAGS) $(TESTARGS) $(OTHER_PKGS); other=$$?; \
	wait $$race_pid; race=$$?; \
	echo "--- race detector: $(RACE_PKGS)"; cat "$$race_log"; rm -f "$$race_log"; \
	[ $$other -eq 0 ] && [ $$race -eq 0 ]
	$(MAKE) --no-print-directory fuzz

fuzz:
	@for f in $(FUZZ_TARGETS); do \
	  $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 500x ./internal/xlsx/ || exit 1; done

vet:
	$(GO) vet ./...
	@bad=$$($(GOFMT) -l cmd internal); if [ -n "$$bad" ]; then echo "gofmt needed (run 'make fmt'):"; echo "$$bad"; exit 1; fi

fmt:
	$(GOFMT) -w cmd internal

build:
	mkdir -p bin
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/innopark ./cmd/innopark

deps:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then echo "chromium is installed"; exit 0; fi; \
	sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; log=$$(mktemp); echo "installing chromium (apt-get)…"; \
	if $$sudo apt-get update -qq >"$$log" 2>&1 && \
	   DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 chromium >>"$$log" 2>&1; \
	then rm -f "$$log"; chromium --version 2>/dev/null | grep -v 'unexpected operator'; \
	else tail -n 20 "$$log"; rm -f "$$log"; exit 1; fi

clean:
	rm -rf bin
