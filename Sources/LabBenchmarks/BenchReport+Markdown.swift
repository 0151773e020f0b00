import LabCore
import LabReporting

extension BenchReport {
    /// The report as `bench/results.md`: the machine and command, the targets, then one table per section.
    package var markdown: String {
        var sections = [header, targetsSection]
        if !hold.isEmpty { sections.append(holdSection) }
        if !load.isEmpty { sections.append(loadSection) }
        if !ratios.isEmpty { sections.append(ratiosSection) }
        if !verdict.isEmpty { sections.append(verdictSection) }
        if let labRun { sections.append(Self.labRunSection(labRun)) }
        if !installs.isEmpty { sections.append(installSection) }
        if !commands.isEmpty { sections.append(commandsSection) }
        if !failures.isEmpty {
            sections.append("## Failures\n\n" + failures.map { "- \($0.replacingNewlines)\n" }.joined())
        }
        return sections.joined(separator: "\n")
    }

    private var header: String {
        """
        # Benchmarks

        Measured on \(date) by `\(command)` in \(Format.seconds(durationSeconds)): \(machine.cpu), \
        \(machine.cores) cores, \(machine.memoryGiB) GiB, \(machine.system), kernel \(machine.kernel); \
        \(machine.python), \(machine.curl). Load average \(loadAtStart) at the start, \(loadAtEnd) at the \
        end: other work on the machine takes cores from what is measured, latencies first\(trackingNote). \
        Every figure beside its peer's was measured in the same run. A benchmark, not a test: nothing is \
        asserted, and on a shared machine figures move between runs.

        """
    }

    private var trackingNote: String {
        connectionTracking.map { "; connection tracking: \($0) at the start" } ?? ""
    }

    private var targetsSection: String {
        var table = MarkdownTable([
            ("target (issues 6, 13 and 26)", .left), ("measured", .right), ("met", .left),
        ])
        for target in targets {
            table.append([target.target, target.measured, target.met.map { $0 ? "yes" : "**no**" } ?? "n/a"])
        }
        return "## Targets\n\n" + table.text
    }

    private var holdSection: String {
        var table = MarkdownTable([
            ("backend", .left), ("held", .right), ("idle resident", .right), ("resident", .right),
            ("own (anon)", .right), ("per request", .right), ("CPU while holding", .right),
            ("close detection p50", .right),
            ("p99", .right), ("max", .right), ("hang-up burst", .right), ("CPU per hang-up", .right),
        ])
        for result in hold {
            table.append([
                result.backend, BenchFormat.count(result.held),
                BenchFormat.mebibytes(result.idleResidentBytes),
                BenchFormat.mebibytes(result.residentBytes), BenchFormat.mebibytes(result.anonymousBytes),
                BenchFormat.kibibytes(result.bytesPerRequest),
                "\(BenchFormat.duration(result.cpuSecondsWhileHolding)) in \(Format.seconds(result.quietWindowSeconds))",
                Self.duration(result.closeDetection?.p50), Self.duration(result.closeDetection?.p99),
                Self.duration(result.closeDetection?.max), BenchFormat.duration(result.hangUpBurstSeconds),
                BenchFormat.duration(result.cpuSecondsPerHangUp),
            ])
        }
        return """
            ## Backend holding requests

            Each backend runs as its own process (`fake-backend`, and `bench/asyncio_backend.py`, the asyncio \
            server most people would write). The bench opens N connections that each send the chat request, \
            waits until the backend holds them all, leaves it alone for the quiet window (CPU from \
            `/proc/PID/task/*/schedstat`), reads its `VmRSS` (and `RssAnon`, its own part without shared-library \
            pages; idle is after answering its first requests), then closes every connection in one burst. \
            Close detection: from the k-th hang-up to the k-th decrement of the count (the k-th `ended_at` in \
            `/requests`), which is what the collector reads. CPU per hang-up: the backend's CPU from the burst until \
            the last decrement, divided by N; unlike the latency it does not grow when other work takes the core.

            \(table.text)
            """
    }

    private var loadSection: String {
        var table = MarkdownTable([
            ("method", .left), ("requests", .right), ("processes", .right), ("timed out", .right),
            ("launch window", .right), ("arrival spread", .right), ("lateness p50", .right), ("p99", .right),
            ("CPU", .right), ("peak resident", .right), ("peak own", .right), ("wall", .right),
        ])
        for result in load {
            table.append([
                result.tool, BenchFormat.count(result.requests), BenchFormat.count(result.processes),
                BenchFormat.count(result.timedOut), Self.duration(result.launchWindowSeconds),
                Self.duration(result.arrivalSpreadSeconds), Self.duration(result.hangUpLateness?.p50),
                Self.duration(result.hangUpLateness?.p99), BenchFormat.duration(result.cpuSeconds),
                BenchFormat.mebibytes(result.peakResidentBytes),
                BenchFormat.mebibytes(result.peakAnonymousBytes),
                Format.seconds(result.wallSeconds),
            ])
        }
        let methods = Dictionary(load.map { ($0.tool, $0.latenessMethod) }) { first, _ in first }
        return """
            ## Load: `load-client` against one `curl --max-time` per request

            Every request is held by a fresh `fake-backend` and abandoned after \
            \(Format.seconds(load[0].timeoutSeconds)). Launch window: first to last request sent, by \
            `load-client`'s summary. Arrival spread: first to last request arriving at the backend, the same \
            yardstick for both methods. Lateness: how long after its deadline each request was hung up \
            (\(methods.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "))). \
            CPU: every process of the method, from `RUSAGE_CHILDREN`. Peak resident: the highest sum of their \
            `VmRSS`, sampled every 20 ms, which counts shared-library pages once per process as `ps` does; peak \
            own: the same sum of `RssAnon`, what each process allocated itself.

            \(table.text)
            """
    }

    private var ratiosSection: String {
        var table = MarkdownTable([
            ("metric", .left), ("scale", .left), ("lab", .right), ("peer", .right), ("peer ÷ lab", .right),
        ])
        for ratio in ratios {
            func figure(_ value: Double) -> String {
                ratio.unit == .bytes
                    ? (value >= 1_048_576 ? BenchFormat.mebibytes(Int(value)) : BenchFormat.kibibytes(value))
                    : BenchFormat.duration(value)
            }
            table.append([
                ratio.metric, ratio.scale, figure(ratio.lab), "\(figure(ratio.peer)) (\(ratio.peerName))",
                BenchFormat.ratio(ratio.value),
            ])
        }
        return """
            ## Ratios

            The peer's figure divided by the lab's: every figure here is lower-is-better, so above 1× the lab \
            is ahead. `n/a` where the lab's figure is zero.

            \(table.text)
            """
    }

    private var verdictSection: String {
        var table = MarkdownTable([
            ("load through", .left), ("expected", .left), ("verdicts", .left),
            ("after last hang-up p50", .right),
            ("worst", .right), ("after settle window p50", .right), ("worst", .right),
        ])
        for timing in verdict {
            let counts = Dictionary(grouping: timing.verdicts, by: \.self).sorted {
                $0.key.rawValue < $1.key.rawValue
            }
            table.append([
                timing.scenario, timing.expected.rawValue,
                counts.map { "\($0.value.count)× \($0.key.rawValue)" }.joined(separator: ", "),
                Self.duration(timing.afterHangUp?.p50), Self.duration(timing.afterHangUp?.max),
                Self.duration(timing.afterRelease?.p50), Self.duration(timing.afterRelease?.max),
            ])
        }
        let grace = verdict.first.map { Format.seconds($0.graceSeconds) } ?? ""
        let settle = verdict.first?.settleSeconds.map(Format.seconds) ?? "none"
        return """
            ## Time to verdict

            `fake-backend`, `collector` and `load-client` as separate processes (10 requests, 1 s timeout, \
            grace \(grace), settle \(settle)), with nginx in between where named: by default it closes its upstream \
            request when the client leaves (PASS, decided once the settle window after the release has passed), \
            with `proxy_ignore_client_abort on;` it keeps it (LEAK, decided at the grace window). The verdict is \
            out when the collector exits, right after printing it; the last hang-up is the load summary's, the \
            settle window starts at the last release, the backend's own end time.

            \(table.text)
            """
    }

    private static func labRunSection(_ run: LabRunTiming) -> String {
        var table = MarkdownTable([("phase", .left), ("time", .right)])
        for phase in run.phases { table.append([phase.name, Format.seconds(phase.seconds)]) }
        table.append(["**whole run**", "**\(Format.seconds(run.wallSeconds))**"])
        if let floor = run.floorSeconds {
            table.append([
                "floor: proxy start + client timeout + grace (+ settle for a PASS)", Format.seconds(floor),
            ])
            table.append(["over the floor", Format.seconds(run.wallSeconds - floor)])
        }
        return """
            ## Whole `lab run` (LiteLLM \(run.litellmVersion), \(run.venvWasCached ? "warm venv" : "venv installed in the run"))

            Phases as the run's `events.jsonl` records them (the measurement cut at the load's last hang-up into \
            load and sampling; start-up and exit are before the first and after the last event; a phase under \
            way beside another is named with it, `∥`). It ended with \
            \(run.exitStatus): `\(run.verdictLine ?? "no verdict")`.

            \(table.text)
            """
    }

    private var installSection: String {
        var table = MarkdownTable([("installer", .left), ("caches", .left), ("time", .right)])
        for install in installs {
            table.append([install.installer, install.cache, Format.seconds(install.seconds)])
        }
        return """
            ## Installs (LiteLLM \(installs[0].litellmVersion))

            `lab install-litellm` into empty caches of its own (`LAB_CACHE_DIR`, so uv itself is installed first, \
            and `UV_CACHE_DIR`), then again into a new venv with those caches warm; and the peer it replaces, \
            `python3 -m venv` plus `pip install 'litellm[proxy]==V'` with pip's cache off. Both from the index \
            the machine's pip is configured with.

            \(table.text)
            """
    }

    private var commandsSection: String {
        var table = MarkdownTable([("command", .left), ("time", .right), ("answer", .left)])
        for command in commands {
            table.append([
                "\(command.name): `\(command.command)`", Format.seconds(command.seconds), command.answer,
            ])
        }
        return """
            ## Whole commands

            Each on a runs folder of its own, the proxy on a port the lab chooses; the matrix after its venvs \
            were installed, the bisect with caches of its own, empty at its start.

            \(table.text)
            """
    }

    private static func duration(_ seconds: Double?) -> String {
        seconds.map(BenchFormat.duration) ?? "n/a"
    }
}

extension String {
    fileprivate var replacingNewlines: String { split(separator: "\n").joined(separator: " / ") }
}
