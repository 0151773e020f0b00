# litellm-leak-lab: `make lab` reproduces LiteLLM issue 9178, `make test` proves the lab.
SWIFT        ?= swift
RELEASE_BIN  := .build/release
LITELLM_VERSION ?= 1.61.20
LAB_ARGS     ?=

export LITELLM_VERSION

.PHONY: lab build release test unit-test e2e-test clean help

help:
	@echo "make lab        run the reproduction against LiteLLM $(LITELLM_VERSION) (LITELLM_VERSION=..., LAB_ARGS=...)"
	@echo "make test       unit and loopback tests, then end-to-end tests against the real LiteLLM"
	@echo "make build      debug build of every target"

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

lab: release
	$(RELEASE_BIN)/lab run $(LAB_ARGS)

test: unit-test e2e-test

unit-test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip EndToEndTests

# End-to-end: the real LiteLLM from PyPI (cached venvs), the real binaries; run alone so timing is quiet.
e2e-test:
	$(SWIFT) build --build-tests
	LAB_E2E=1 $(SWIFT) test --filter EndToEndTests

clean:
	rm -rf .build lab-runs
