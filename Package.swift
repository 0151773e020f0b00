// swift-tools-version: 6.0
// The lab has no package dependencies by design: everything here is the toolchain's.
//
// The library is split into layers, one target each, so the package manager enforces the graph:
// a target may import only the targets listed as its dependencies, never one above it.
//
//     LabBenchmarks                                           (only lab-bench links it)
//          │
//       LeakLab                                               (the engine and the command line)
//          │
//     LabReporting ── LabVerdict ── LabLoad ──┬── LabAPI
//          │              │                   ├── LabEventLoop ── CLinuxEvents
//          │              │     LabBackend ───┤
//          │              │                   └── LabWire
//          └──────────────┴──── LabRecords        (plain data every layer exchanges)
//
//     LabProxies ── LabInstalls ── LabProcesses ── CLabSpawn   (the runner: proxies, installs, processes)
//                        └──────── LabRecords
//
//       LabCore  (everything above may use it)
//
// Declarations shared between targets are `package`; `public` is kept where the engine's public API
// shows them.
import PackageDescription

let package = Package(
    name: "litellm-leak-lab",
    products: [
        .library(name: "LeakLab", targets: ["LeakLab"]),
        .executable(name: "fake-backend", targets: ["fake-backend"]),
        .executable(name: "load-client", targets: ["load-client"]),
        .executable(name: "collector", targets: ["collector"]),
        .executable(name: "lab", targets: ["lab"]),
        .executable(name: "lab-bench", targets: ["lab-bench"]),
    ],
    targets: [
        /// The Linux headers the event loop needs (epoll, eventfd) as a Clang module.
        .systemLibrary(name: "CLinuxEvents"),

        /// The small things every layer shares: the clocks (`LabClock`: one representation per kind of
        /// time), `SystemError` and `systemCall`, number formatting (`Format`), JSON files (`JSONCoding`),
        /// line output (`LineWriter`) and the lab's version (`LabVersion`). Must not import any other target
        /// of the package.
        .target(name: "LabCore"),

        /// HTTP/1.1 on the wire: messages, heads, headers, URLs, incremental parsers for requests and
        /// responses, chunked bodies, serialization; and websockets' opening handshake and frames (RFC 6455).
        /// Pure value code over bytes: must not import sockets, the event loop or any other target of the
        /// package but `LabCore` (SHA-1 for the handshake).
        .target(name: "LabWire", dependencies: ["LabCore"]),

        /// The APIs the fake backend serves and the load client calls (chat completions, completions,
        /// embeddings, responses, Anthropic messages): endpoints, request and answer bodies, their
        /// server-sent events. Shared by both sides, so it must not import the backend, the load client
        /// or any other target of the package.
        .target(name: "LabAPI"),

        /// The epoll event loop: sockets, addresses, readiness events, timers, signal traps, the stop
        /// handle. Knows nothing of HTTP or of what runs on it: imports only `LabCore` and the Linux
        /// headers.
        .target(name: "LabEventLoop", dependencies: ["LabCore", "CLinuxEvents"]),

        /// What the parts say to each other, as plain values: the backend's counters and records
        /// (`BackendStats`, `RequestRecord`, `SlotStats`), the load's summary (`LoadSummary`), a LiteLLM build,
        /// its dependency choices, lock and install record. Codable data and pure functions of it: must not
        /// import sockets, processes or any target but `LabCore`, so the verdict and the reports link neither
        /// the server nor the runner.
        .target(name: "LabRecords", dependencies: ["LabCore"]),

        /// The fake backend: an OpenAI-compatible server on the event loop that holds requests,
        /// counts them (`RequestLedger`) and serves `/stats`, `/requests`, `/metrics`.
        /// Must not import the load client, the collector, the runner or anything above them.
        .target(
            name: "LabBackend",
            dependencies: ["LabCore", "LabRecords", "LabWire", "LabAPI", "LabEventLoop", "CLinuxEvents"]),

        /// The clients: the load client that fires requests and hangs up on a timeout (`LoadClient`,
        /// `LoadPlan`), and the plain HTTP fetch and health check every part uses (`HTTPFetch`,
        /// `HealthCheck`). Must not import the backend: it only speaks the APIs of `LabAPI`.
        .target(
            name: "LabLoad", dependencies: ["LabCore", "LabRecords", "LabWire", "LabAPI", "LabEventLoop"]),

        /// The collector and its verdict: samples the backend's `/stats` over HTTP, judges PASS or LEAK against
        /// the rules (`VerdictRules`, `VerdictJudge`, `VerdictReport`, `LeakCost`). Reads the backend's and the
        /// load client's records; must not import the backend, the runner, the reports or the engine.
        .target(name: "LabVerdict", dependencies: ["LabCore", "LabRecords", "LabWire", "LabLoad"]),

        /// How a child starts (C, since it runs between clone and exec): it registers with the orphan watchdog,
        /// sets up its descriptors, directory and signals, and only then executes the program. Imports nothing.
        .target(name: "CLabSpawn"),

        /// Child processes and their supervision: spawns with the signal state reset and every child guarded
        /// before it runs, time limits, output to logs, the orphan watchdog, port checks. Knows nothing of
        /// LiteLLM: imports only `LabCore` and `CLabSpawn`.
        .target(name: "LabProcesses", dependencies: ["LabCore", "CLabSpawn"]),

        /// Installs, builds and locks: LiteLLM's venvs (uv or pip), the locks they install, releases, source
        /// trees, wheels and images as builds. Imports processes and records, never the proxies above it.
        .target(
            name: "LabInstalls", dependencies: ["LabCore", "LabRecords", "LabProcesses"],
            resources: [.copy("Python")]),

        /// The proxies under test and their configs: the LiteLLM process (natively or as a container) under its
        /// server, LiteLLM's config and an operator's own, nginx's, HAProxy's and Caddy's. Knows nothing of
        /// HTTP traffic or verdicts.
        .target(name: "LabProxies", dependencies: ["LabCore", "LabProcesses", "LabInstalls"]),

        /// The reports of a run or a matrix: Markdown (`MarkdownReport`, `MarkdownTable`), JUnit XML,
        /// the timeline SVG and text. Reads verdicts and records; must not import the engine (`LeakLab`),
        /// which writes the reports and probes the machine, nor the server or the runner.
        .target(name: "LabReporting", dependencies: ["LabCore", "LabRecords", "LabVerdict"]),

        /// The engine, top layer: the lab's jobs (run, matrix, bisect, soak, report), its scenarios
        /// and rigs, and the command-line frame every executable shares (`CommandMain`,
        /// `CommandOptions`, `UsageError`, `FileSignal`). May import every layer below; must not
        /// import the benchmarks.
        .target(
            name: "LeakLab",
            dependencies: [
                "LabCore", "LabRecords", "LabWire", "LabAPI", "LabEventLoop", "LabBackend", "LabLoad",
                "LabVerdict",
                "LabProcesses", "LabInstalls", "LabProxies", "LabReporting",
            ]),

        /// The benchmarks behind `lab-bench`: hold, load, verdict and whole-run timings, resident memory
        /// and the bench report. Sits above the engine and only `lab-bench` links it: no other
        /// executable and no other target may import it.
        .target(
            name: "LabBenchmarks",
            dependencies: [
                "LabCore", "LabRecords", "LabWire", "LabEventLoop", "LabBackend", "LabLoad", "LabVerdict",
                "LabProcesses", "LabInstalls", "LabProxies", "LabReporting", "LeakLab",
            ]),

        .executableTarget(
            name: "fake-backend",
            dependencies: ["LeakLab", "LabWire", "LabEventLoop", "LabBackend", "LabLoad"]),
        .executableTarget(
            name: "load-client",
            dependencies: ["LeakLab", "LabCore", "LabRecords", "LabAPI", "LabEventLoop", "LabLoad"]),
        .executableTarget(
            name: "collector",
            dependencies: ["LeakLab", "LabCore", "LabRecords", "LabEventLoop", "LabLoad", "LabVerdict"]),
        .executableTarget(name: "lab", dependencies: ["LeakLab", "LabCore", "LabEventLoop"]),
        .executableTarget(
            name: "lab-bench",
            dependencies: ["LeakLab", "LabCore", "LabEventLoop", "LabBenchmarks"]),

        .target(
            name: "LabTestSupport",
            dependencies: [
                "LabRecords", "LabCore", "LabWire", "LabAPI", "LabEventLoop", "LabBackend", "LabLoad",
            ],
            path: "Tests/LabTestSupport"),
        .testTarget(name: "WireTests", dependencies: ["LabCore", "LabWire", "LabTestSupport"]),
        .testTarget(name: "EventLoopTests", dependencies: ["LabCore", "LabEventLoop", "LabTestSupport"]),
        .testTarget(
            name: "BackendTests",
            dependencies: [
                "LabRecords", "LabCore", "LabWire", "LabAPI", "LabBackend", "LabLoad", "LabTestSupport",
            ]),
        .testTarget(
            name: "LoadTests",
            dependencies: [
                "LabRecords",
                "LabCore", "LabWire", "LabAPI", "LabEventLoop", "LabBackend", "LabLoad", "LabTestSupport",
            ]),
        .testTarget(
            name: "CollectorTests",
            dependencies: [
                "LabRecords",
                "LabCore", "LabWire", "LabEventLoop", "LabBackend", "LabLoad", "LabVerdict", "LabTestSupport",
            ]),
        .testTarget(
            name: "RunnerTests",
            dependencies: [
                "LabCore", "LabRecords", "LabProcesses", "LabInstalls", "LabProxies", "LeakLab",
                "LabTestSupport",
            ]),
        .testTarget(
            name: "LabTests",
            dependencies: [
                "LabCore", "LabWire", "LabBackend", "LabReporting", "LabRecords", "LabInstalls", "LabProxies",
                "LabVerdict", "LeakLab", "LabTestSupport",
            ]),
        .testTarget(name: "BenchTests", dependencies: ["LabReporting", "LabBenchmarks", "LeakLab"]),
        .testTarget(
            name: "ReportTests",
            dependencies: [
                "LabCore", "LabBackend", "LabVerdict", "LabRecords", "LabReporting", "LabTestSupport",
            ],
            exclude: ["Golden"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "LabCore", "LabWire", "LabEventLoop", "LabBackend", "LabLoad", "LabVerdict", "LabRecords",
                "LabProcesses", "LabInstalls", "LabProxies",
                "LabReporting", "LeakLab", "LabTestSupport",
            ]),
        .testTarget(
            name: "RobustnessTests",
            dependencies: [
                "LabCore", "LabWire", "LabEventLoop", "LabBackend", "LabLoad", "LabVerdict", "LabRecords",
                "LabProcesses",
                "LabTestSupport",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
