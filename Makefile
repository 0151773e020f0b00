# litellm-leak-lab: `make lab` reproduces LiteLLM issue 9178, `make test` proves the lab.
SWIFT        ?= swift
RELEASE_BIN  := .build/release
LITELLM_VERSION ?= 1.61.20
LAB_ARGS     ?=
# compose or native; empty picks compose when a container engine answers, native otherwise.
LAB_RUNTIME  ?=
# The newest installable LiteLLM, for the compose suite's cancel_on_disconnect case.
COMPOSE_NEWEST ?=

# Both runtimes read them: the native `lab run`, and compose's plan service (through docker/compose-lab.sh), each
# splitting LAB_ARGS into words itself, as a shell would but with nothing expanded: make's shell never sees them.
export LITELLM_VERSION LAB_ARGS

.PHONY: lab lab-down build release test stress-test killed-lab-repeat lint format unit-test e2e-test fanout-test compose-test soak bench report clean help findings-test

help:
	@echo "make lab        run the reproduction against LiteLLM $(LITELLM_VERSION) (LITELLM_VERSION=..., LAB_ARGS=...)"
	@echo "                on compose when a container engine answers, natively otherwise (LAB_RUNTIME=compose|native)"
	@echo "make lab-down   remove everything a compose run left (containers, networks, volumes)"
	@echo "make test       lint (Swift, shell scripts, workflows, Python), unit and loopback tests, end-to-end tests against the real LiteLLM,"
	@echo "                the GitHub fan-out run here (plan, two cells, merge), the compose suite"
	@echo "make findings-test  every sh block of findings/ run literally and checked against its document (about 45 min)"
	@echo "make fanout-test  the fan-out alone: .ci/fanout/{plan,cell,merge} as the matrix workflow runs them"
	@echo "make stress-test  make test STRESS_RUNS times (default 3) while busy loops keep every core busy"
	@echo "make killed-lab-repeat  the killed-lab tests KILLED_LAB_RUNS times (default 20) beside BUSY busy loops"
	@echo "make soak       every end-to-end verdict case again and again (SOAK_RUNS, default 20; SOAK_MATRIX_RUNS,"
	@echo "                default 5): fails if any case's verdicts disagree"
	@echo "make report     merge every run's report.json into lab-runs/report/report.md (+ JSON, JUnit, SVG)"
	@echo "make build      debug build of every target"

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

lab:
	@runtime="$(LAB_RUNTIME)"; \
	if [ -z "$$runtime" ]; then docker/compose-lab.sh check >/dev/null 2>&1 && runtime=compose || runtime=native; fi; \
	case "$$runtime" in \
	  compose) echo "lab: compose runtime (LAB_RUNTIME=native for the native one)"; exec docker/compose-lab.sh ;; \
	  native) echo "lab: native runtime (LAB_RUNTIME=compose for containers)"; \
	          $(SWIFT) build -c release --product lab && exec $(RELEASE_BIN)/lab run ;; \
	  *) echo "lab: LAB_RUNTIME must be compose or native, not '$$runtime'" >&2; exit 64 ;; \
	esac

lab-down:
	docker/compose-lab.sh down

test: lint unit-test e2e-test fanout-test compose-test

# Proof that the tests hold on a busy machine: the whole suite, repeatedly, beside a CPU load.
stress-test:
	.ci/stress-test

# Supervision under load: a lab SIGKILLed in every phase, for every proxy and server, leaves no process.
killed-lab-repeat:
	.ci/killed-lab-repeat

# The whole tree stays formatted by .swift-format (`make format` fixes it); every shell script passes
# ShellCheck (.ci/lint-shell; Debian: apt-get install shellcheck); the GitHub workflows are valid and pass
# zizmor's audit (.ci/lint-workflows); the Python the lab runs passes ruff (.ci/lint-python).
lint:
	.ci/lint-shell
	$(SWIFT) format lint --strict -r Sources Tests Package.swift
	.ci/lint-workflows
	.ci/lint-python

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

unit-test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip EndToEndTests

# End-to-end: the real LiteLLM from PyPI (cached venvs), the real binaries; two tests at a time, whatever the
# cores (a test's clients leave at a point of their upstream request's life, so a proxy slowed by another test
# delays a cell and never decides it; its suites keep their own tests one after another). swift-testing's
# width is still an experimental setting.
e2e-test:
	$(SWIFT) build --build-tests
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=2 LAB_E2E=1 $(SWIFT) test --filter EndToEndTests

# Every ```sh block of findings/ run literally (FindingBlockTests): the reproductions by hand (ports 5001 and 4000
# free) and every `lab` command the write-ups and proofs of fix name (the built `lab` first on PATH), each checked
# against what its document states. Hours: each `lab compare` or `lab matrix` takes minutes.
findings-test:
	$(SWIFT) build --build-tests
	LAB_E2E=1 LAB_FINDINGS=1 $(SWIFT) test --no-parallel --filter 'FindingByHandTests|FindingCommandTests'

# The GitHub fan-out (.github/workflows/matrix.yml) on this machine, with its own scripts: plan → two cells
# → merge, against the real LiteLLM.
fanout-test:
	$(SWIFT) build --product lab
	LAB="$$($(SWIFT) build --show-bin-path)/lab" .ci/fanout/local

# Containers for real: needs root (it installs and starts a Docker engine when none answers).
compose-test:
	@if [ "$$(id -u)" != 0 ] && ! docker/compose-lab.sh check >/dev/null 2>&1; then \
	  echo "compose-test: skipped: needs root or a running container engine"; \
	else docker/compose-test.sh $(if $(COMPOSE_NEWEST),--newest $(COMPOSE_NEWEST)); fi

report:
	$(SWIFT) build -c release --product lab
	$(RELEASE_BIN)/lab report

# Repeatability: every end-to-end verdict case measured again and again (.ci/soak says how); any
# disagreement fails.
soak: release
	LAB=$(RELEASE_BIN)/lab .ci/soak

# Benchmarks (issues 6 and 13): the lab's speed and footprint beside one curl per request and a Python asyncio
# backend, a warm lab run against its floor, installs (uv vs pip), a warm matrix and a bisect from empty caches,
# in about 12 minutes; writes bench/results.md and bench/results.json (BENCH_ARGS: lab-bench --help).
bench: release
	$(RELEASE_BIN)/lab-bench $(BENCH_ARGS)

clean:
	rm -rf .build lab-runs
