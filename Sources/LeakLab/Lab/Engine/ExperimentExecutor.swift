import Dispatch
import Foundation
import LabCore
import LabInstalls
import LabLoad
import LabProcesses
import LabProxies
import LabVerdict
import LabWire
import Synchronization

/// Runs experiment plans: owns every backend and process a plan needs, from start to stop, and applies the
/// same rules to every kind of run.
///
/// The rules, the same for a run, a matrix, a comparison, a drift check and a bisect: a direct control that
/// is not PASS makes its proxy start's cells INCONCLUSIVE with that reason (the proxy, installed and started
/// meanwhile, is stopped unmeasured); a build that cannot be installed, or a proxy that never becomes healthy,
/// makes its cells INCONCLUSIVE with the reason (the installer's error, the log's tail) and the next build is
/// measured; a proxy that dies while measured makes them INCONCLUSIVE too.
/// Every step is an event in `events.jsonl`.
struct ExperimentExecutor: Sendable {
    let settings: LabSettings
    /// The command's run folder: its `events.jsonl` and `report.json`, and the cells' files.
    let folder: RunFolder
    let events: EventLog
    let terminal: LineWriter
    let recorder = ReportRecorder()
    private let live = LiveRigs()
    private let interruption: LabInterruption
    /// The builds of a plan (or a search) installed ahead while earlier ones are measured.
    let installsAhead: InstallsAhead

    /// An executor for one command: makes its run folder `<runs>/<time>-<label>`, starts its
    /// `events.jsonl`, and registers one interruption handler that stops whatever it is running (however
    /// many plans it runs).
    ///
    /// - Parameter prefix: How its lines for people start: `[lab]`, `[matrix]`, `[bisect]`.
    init(
        settings: LabSettings, label: String, prefix: String, output: LineWriter,
        interruption: LabInterruption
    )
        throws
    {
        self.settings = settings
        folder = try RunFolder.create(under: settings.machine.runsRoot, label: label)
        interruption.note(folder: folder.path)
        events = EventLog(terminal: output, prefix: prefix)
        try events.attach(folder: folder)
        terminal = output
        self.interruption = interruption
        installsAhead = InstallsAhead(
            width: settings.machine.installsAhead, folder: folder, events: events, interruption: interruption)
        interruption.onInterrupt { [live] in live.stopAll() }
    }

    /// Ends the command: its `run_ended` event with `exitCode` (which makes its folder the latest), then
    /// `line`, the command's last line for people and scripts (`VERDICT: ...`, `COMPARE: ...`); returns
    /// `exitCode`.
    func end(exitCode: Int32, line: String?) -> Int32 {
        var ended = LabEvent(.runEnded)
        ended.exitCode = exitCode
        events.emit(ended)
        if let line { events.print(line) }
        return exitCode
    }

    /// Ends the command's use of the executor: waits for the installs ahead under way (they end in the
    /// cache, for later runs).
    func close() {
        installsAhead.finish()
    }

    /// Measures every cell of `plan` into the run folder: one proxy start per proxy.
    ///
    /// - Throws: What installing or starting a proxy threw (a refused release, an uninstallable
    ///   requirement, a busy port); everything started is stopped first. ``LabInterrupted`` once
    ///   interrupted, whatever the stopped parts threw, with `run_ended` in the events.
    /// - Parameter measured: Called with each proxy's cells once they are measured (from the proxy's thread
    ///   when `--versions-at-once` measures several at once).
    func run(
        _ plan: ExperimentPlan,
        measured: @escaping @Sendable (any ProxyUnderTest, [CellResult]) throws -> Void = { _, _ in }
    ) throws -> [CellResult] {
        do {
            return try measureEveryProxy(of: plan, measured: measured)
        } catch {
            guard let signal = interruption.signal else { throw error }
            let interrupted = LabInterrupted(signal: signal)
            _ = end(exitCode: interrupted.exitStatus, line: nil)
            throw interrupted
        }
    }

    /// Measures the proxies in turn, `--versions-at-once` at a time, the next ones installed ahead.
    private func measureEveryProxy(
        of plan: ExperimentPlan,
        measured: @escaping @Sendable (any ProxyUnderTest, [CellResult]) throws -> Void
    ) throws -> [CellResult] {
        let proxies = plan.proxies
        let atOnce = max(1, min(proxies.count, settings.machine.versionsAtOnce))
        recorder.plan(starts: proxies.map(\.label))
        return try Concurrently.map(proxies.count, width: atOnce) { index in
            // The builds after those measured at once; none left keeps what the caller wants installed ahead
            // (a bisect's next round).
            let later = Array(proxies.dropFirst(index + atOnce))
            if !later.isEmpty { installsAhead.want(later) }
            let cells = try measureEveryScenario(of: proxies[index], in: plan, buildsAtOnce: atOnce)
            try measured(proxies[index], cells)
            return cells
        }
        .flatMap { $0 }
    }

    /// Measures every scenario of `plan` on `proxy`, with one proxy start, beside `buildsAtOnce - 1` others.
    private func measureEveryScenario(
        of proxy: any ProxyUnderTest, in plan: ExperimentPlan, buildsAtOnce: Int
    )
        throws -> [CellResult]
    {
        let start = proxy.label
        let startFolder =
            plan.layout == .cell ? folder : try RunFolder.create(under: folder.path, label: start)
        let results = try measure(
            proxy, plan.scenarios, start: start, in: startFolder,
            files: CellFiles(single: plan.layout == .cell),
            buildsAtOnce: buildsAtOnce)
        // What an interruption cut short is not a verdict.
        try interruption.checkpoint()
        return results
    }

    /// One proxy start, named `start` in the events: backends, direct controls, the proxy, every scenario at
    /// once, teardown.
    private func measure(
        _ proxy: any ProxyUnderTest, _ scenarios: [Scenario], start: String, in folder: RunFolder,
        files: CellFiles, buildsAtOnce: Int
    ) throws -> [CellResult] {
        do {
            try proxy.checkInputs(folder: folder, say: say)
        } catch is LiteLLMInstallError {
            // Left to the launch, whose rule makes an uninstallable build's cells INCONCLUSIVE with the reason.
        }
        let rigs = try step(.backends, cell: start) {
            try scenarios.map { scenario in
                if proxy is ExternalProxy, let backend = settings.proxy.externalBackend {
                    return ScenarioRig(scenario, externalBackend: backend)
                }
                return try ScenarioRig(
                    scenario, port: files.single ? settings.machine.backendPort : 0, settings: settings,
                    logPath: folder.file(files.backendLog(scenario)))
            }
        }
        live.add(rigs)
        emitBackendsListening(rigs, cell: start)
        defer {
            events.phase(.teardown, cell: start) {
                rigs.forEach { $0.stop() }
                live.remove(rigs)
            }
        }
        if files.single, let rig = rigs.first, !rig.backends.isEmpty {
            events.say(
                "fake backend on \(rig.url), holding requests \(Format.seconds(settings.load.hold.seconds)), "
                    + "streams: \(rig.configuration.streamDescription) (log: backend.log)")
        }
        // The direct control measures the backends while the proxy is installed and started: neither reaches
        // the other's backends (the warm-up has its own), so the run waits for the slower of the two.
        let (directOutcome, launchOutcome) = overlapped(
            {
                try step(.directControl, cell: start) {
                    try Concurrently.map(rigs.count, width: rigs.count) { index in
                        let rig = rigs[index]
                        return try measureAgreed(
                            files.single ? "direct" : "direct-\(rig.scenario.name)",
                            plan: rig.directPlan(settings),
                            rig: rig, cell: "\(start)/direct-\(rig.scenario.name)", expectation: nil,
                            folder: folder, files: files)
                    }
                }
            },
            {
                try launch(
                    proxy, scenarios: scenarios, rigs: rigs, folder: folder, cell: start,
                    proxyPort: buildsAtOnce > 1 ? 0 : settings.machine.proxyPort)
            })
        let launched = try? launchOutcome.get()
        defer { launched?.warmUp?.stop() }
        // A proxy that holds upstream requests would wait for them on SIGTERM: it is stopped at once.
        var holdsRequests = false
        defer {
            if let process = launched?.started?.process {
                events.phase(.teardown, cell: start) {
                    stop(process, cell: start, grace: holdsRequests ? .zero : ProxyProcess.stopGrace)
                }
            }
        }
        let directs = try directOutcome.get()
        // An interruption stopped the backends the direct control was measuring: what it says is no finding.
        try interruption.checkpoint()
        for (rig, direct) in zip(rigs, directs) {
            try direct.write(to: folder.file(files.directVerdict(rig.scenario)))
            if files.single { events.say("direct control: \(direct.verdict.rawValue) \(direct.reason)") }
        }
        if let failed = directs.first(where: { $0.verdict != .pass }) {
            let reason =
                "the direct control (load straight at the backend) was \(failed.verdict.rawValue), not PASS: "
                + "the harness is broken, not the proxy (\(failed.reason))"
            return try finish(
                rigs.map { _ in unmeasured(reason, versions: proxy.versions) }, directs: directs, rigs: rigs,
                proxy: proxy, folder: folder, files: files)
        }
        let (launchedProxy, notMeasured, warmUp) = try launchOutcome.get()
        guard let started = launchedProxy, notMeasured == nil else {
            let reason = notMeasured ?? "the proxy did not start"
            return try finish(
                rigs.map { _ in unmeasured(reason, versions: proxy.versions) },
                directs: directs, rigs: rigs, proxy: proxy, folder: folder, files: files)
        }
        let reports = try measure(
            through: started, warmUp: warmUp, proxy: proxy, rigs: rigs, cell: start, folder: folder,
            files: files, loadSlots: cores(sharedBy: buildsAtOnce))
        holdsRequests = reports.contains { $0.decision.stillHeld > 0 }
        return try finish(reports, directs: directs, rigs: rigs, proxy: proxy, folder: folder, files: files)
    }

    /// Warms `started` up, then measures every rig's scenario through it at once; a run interrupted meanwhile,
    /// a proxy that died or one whose log says why it answered with errors is said in the reports.
    private func measure(
        through started: StartedProxy, warmUp: WarmUp?, proxy: any ProxyUnderTest, rigs: [ScenarioRig],
        cell start: String, folder: RunFolder, files: CellFiles, loadSlots: Int
    ) throws -> [VerdictReport] {
        if let warmUp {
            let failures = try step(.warmUp, cell: start) {
                warmUp.run(
                    through: started.base, apiKey: started.apiKey, settings: settings,
                    workers: started.process?.workers ?? 1)
            }
            failures.forEach(say)
        }
        if let build = proxy.litellmBuild {
            recorder.recordProxy(build: build, settings: proxy.settingsAsStarted(settings), folder: folder)
        }
        // Only what the proxy logs while measured can say why it answered with errors then.
        let measuredLogStart = started.process.map { LogFile.size($0.log) } ?? 0
        let plans = rigs.map {
            $0.proxyPlan(started.base, apiKey: started.apiKey, model: started.model, settings: settings)
        }
        let admission = LoadAdmission(
            wallClockCells: plans.filter { $0.timeoutFrom == .sending }.count, width: loadSlots)
        var reports = try step(.measure, cell: start) {
            try Concurrently.map(rigs.count, width: rigs.count) { index in
                let rig = rigs[index]
                let turn = admission.turn(for: plans[index].timeoutFrom, loads: settings.judging.repeats)
                defer { turn.close() }
                // A decided cell whose backend goes on streaming stops it: 1.61.20 went on reading four leaked
                // mid-stream scenarios' streams (18,000 chunks for nobody) while the matrix's last cells were
                // measured, and on a busy machine forwarded none of chat-timeout-retry's requests within 30 s
                // (INCONCLUSIVE). Requests merely held cost the proxy nothing until the start's teardown, while
                // ending them costs it an error, a traceback and retries each: 300 of them at once delayed
                // chat-timeout-fallback's fallback past its settle window (a PASS for a LEAK).
                defer { if rigs.count > 1 && rig.scenario.backend == .midStream { rig.stop() } }
                return try measureAgreed(
                    files.single ? settings.proxy.choice.rawValue : rig.scenario.name, plan: plans[index],
                    rig: rig, turn: turn,
                    cell: "\(start)/\(rig.scenario.name)", expectation: settings.judging.expectation,
                    versions: proxy.versions, folder: folder, files: files)
            }
        }
        if let signal = interruption.signal {
            for index in reports.indices {
                reports[index].markInconclusive(
                    "the run was interrupted (signal \(signal)) during the measurement: what was stopped is no verdict"
                )
            }
        } else if let process = started.process, let status = process.child.exitStatus() {
            // A dead proxy drops its upstream connections: that says nothing about the bug.
            say("last lines of proxy.log:\n\(LogFile.tail(process.log, lines: 10))")
            for index in reports.indices {
                reports[index].markInconclusive(
                    "the \(process.name) proxy exited (\(status)) during the measurement, so its upstream "
                        + "requests ended with it (see proxy.log)")
            }
        } else if let process = started.process, reports.contains(where: \.wantsProxyLogLine),
            let line = ProxyErrorLine.first(inLog: LogFile.text(process.log, from: measuredLogStart))
        {
            // Error answers whose bodies said nothing: the proxy's log says why.
            for index in reports.indices { reports[index].noteProxyLog(line) }
        }
        return reports
    }

    /// A proxy started for its scenarios: the proxy, why it never became healthy when it did not, and
    /// the warm-up backends it was started with.
    private typealias Launch = (started: StartedProxy?, unmeasured: String?, warmUp: WarmUp?)

    /// Installs the proxy when needed and starts it, with the warm-up's backends among its routes, until it
    /// answers its health check. What it started is stopped when it throws.
    private func launch(
        _ proxy: any ProxyUnderTest, scenarios: [Scenario], rigs: [ScenarioRig], folder: RunFolder,
        cell: String, proxyPort: Int
    ) throws -> Launch {
        let installed: Bool
        do {
            installed = try step(.install, cell: cell) {
                try proxy.prepare(folder: folder, say: say) { [events] in events.progress($0) }
            }
        } catch let error as LiteLLMInstallError {
            // A patch that does not apply is the caller's input, as a refused release is: it stops the command.
            if case .patchDoesNotApply = error { throw error }
            say("the build could not be installed: \(error)")
            return (nil, "the build could not be installed: \(error)", nil)
        }
        var install = LabEvent(.install, cell: cell)
        install.status = installed ? "installed" : "cached"
        events.emit(install)
        let warmUp =
            proxy.needsWarmUp
            ? try WarmUp(for: scenarios, settings: settings, logPath: folder.file("backend-warm-up.log"))
            : nil
        do {
            if let warmUp { emitBackendsListening(warmUp.rigs, cell: cell) }
            // Started until healthy: the health check is part of the proxy's start.
            let (started, unhealthy) = try step(.proxyStart, cell: cell) {
                try startUntilHealthy(
                    proxy, routes: rigs + (warmUp?.rigs ?? []), port: proxyPort, folder: folder, cell: cell)
            }
            return (started, unhealthy.map { "the proxy never became healthy: \($0)" }, warmUp)
        } catch {
            warmUp?.stop()
            throw error
        }
    }

    /// Runs `first` here and `second` on a thread of its own, and returns both outcomes once both ended.
    private func overlapped<First, Second: Sendable>(
        _ first: () throws -> First, _ second: @escaping @Sendable () throws -> Second
    ) -> (Result<First, any Error>, Result<Second, any Error>) {
        let outcome = Mutex<Result<Second, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let result = Result { try second() }
            outcome.withLock { $0 = result }
            done.signal()
        }
        thread.start()
        let firstOutcome = Result { try first() }
        done.wait()
        return (firstOutcome, outcome.withLock { $0! })
    }

    /// Starts the proxy until it answers its health check: the proxy, and why it never did when it did not.
    ///
    /// On a port the lab chose (`port` 0), a proxy that found it taken by another program is started
    /// again on another (see `ProxyPorts`).
    private func startUntilHealthy(
        _ proxy: any ProxyUnderTest, routes: [ScenarioRig], port: Int, folder: RunFolder, cell: String
    ) throws -> (StartedProxy, unhealthy: String?) {
        var ports = ProxyPorts(asked: port)
        while true {
            let started = try proxy.start(routes: routes, port: try ports.next(), folder: folder, say: say)
            if let process = started.process { emitStarted(process, cell: cell) }
            let failure = waitUntilHealthy(started)
            guard case .portTaken? = failure, ports.mayRetry, let process = started.process else {
                return (started, failure?.summary)
            }
            stop(process, cell: cell)
            say("starting \(process.name) again on another port")
        }
    }

    /// Waits for the proxy's health check; why it never came (its log tail said) when it did not.
    private func waitUntilHealthy(_ started: StartedProxy) -> ProxyProcessError? {
        guard let process = started.process, let health = started.healthURL else { return nil }
        let clock = LabClock.monotonicNanoseconds()
        do {
            try process.waitUntilHealthy(timeout: settings.proxy.startPatience) {
                HealthCheck.failure(of: health) == nil
            }
        } catch {
            // Stopped by an interruption, the proxy's end says nothing about it.
            if interruption.signal == nil { say(error.description) }
            return error
        }
        say(
            "\(process.name) healthy after \(Format.seconds(Double(LabClock.monotonicNanoseconds() - clock) / 1e9))"
        )
        return nil
    }

    /// Writes every cell's verdict and records it for the report (whose file the command writes where it
    /// belongs); emits the verdict and cost events.
    private func finish(
        _ reports: [VerdictReport], directs: [VerdictReport], rigs: [ScenarioRig], proxy: any ProxyUnderTest,
        folder: RunFolder, files: CellFiles
    ) throws -> [CellResult] {
        var results: [CellResult] = []
        for (index, rig) in rigs.enumerated() {
            let result = CellResult(
                proxy: proxy.label, scenario: rig.scenario, report: reports[index], direct: directs[index],
                folder: folder)
            try result.report.write(to: folder.file(files.verdict(rig.scenario)))
            if let load = result.report.load {
                try JSONCoding.write(load, to: folder.file(files.loadSummary(rig.scenario)))
            }
            if let build = proxy.litellmBuild {
                recorder.record(
                    result.report, build: build, settings: proxy.settingsAsStarted(settings),
                    scenario: rig.scenario, folder: folder.path, start: proxy.label)
            }
            events.record(result.report, cell: result.label)
            results.append(result)
        }
        return results
    }

    /// Measures once, or `settings.judging.repeats` times (`--repeat`, `make soak`): repeated verdicts must all
    /// agree, otherwise the cell is INCONCLUSIVE, since a lab whose answer changes cannot be trusted.
    private func measureAgreed(
        _ label: String, plan: LoadPlan, rig: ScenarioRig, turn: LoadTurn? = nil, cell: String,
        expectation: VerdictExpectation?, versions: [String: String] = [:], folder: RunFolder,
        files: CellFiles
    ) throws -> VerdictReport {
        func measure(into output: LineWriter) -> VerdictReport {
            LabMeasurement(
                label: label, plan: plan, backend: rig.url, otherBackends: rig.otherURLs, settings: settings,
                expectation: expectation,
                versions: versions.merging(["lab": LabRun.labVersion, "scenario": rig.scenario.name]) { $1 },
                output: output, events: events, cell: cell,
                stopped: { [interruption] in interruption.signal.map { "interrupted by signal \($0)" } },
                turn: turn
            ).run()
        }
        // Cells measured at once write their timelines to files; the terminal gets a table or one line each.
        let timelineFile = folder.file(
            settings.judging.repeats > 1 ? "\(label)-timelines.log" : "timeline-\(label).log")
        let timelines =
            files.single && settings.judging.repeats == 1
            ? terminal : try LineWriter(appendingTo: timelineFile, timestamps: false)
        guard settings.judging.repeats > 1 else { return measure(into: timelines) }
        var reports: [VerdictReport] = []
        for run in 1...settings.judging.repeats {
            reports.append(measure(into: timelines))
            say("\(label) run \(run)/\(settings.judging.repeats): \(reports[run - 1].decision.line)")
        }
        let record = SoakRecord(label: label, verdicts: reports.map(\.decision))
        try JSONCoding.write(record, to: folder.file("\(label)-soak.json"))
        say("soak \(label): \(record.summary)")
        var report = reports[reports.count - 1]
        if record.agree {
            report.reason = "\(record.summary); last run: \(report.reason)"
            report.decision.reason = report.reason
        } else {
            report.markInconclusive("repeated runs disagree: \(record.summary)")
        }
        return report
    }

    /// An INCONCLUSIVE report for a cell that could not be measured at all.
    private func unmeasured(_ reason: String, versions: [String: String]) -> VerdictReport {
        VerdictReport.unmeasured(
            label: settings.proxy.choice.rawValue, reason: reason,
            backend: settings.proxy.externalBackend?.description ?? "",
            expectation: settings.judging.expectation,
            versions: versions.merging(["lab": LabRun.labVersion]) { $1 })
    }

    private func emitStarted(_ process: ProxyProcess, cell: String) {
        var event = LabEvent(.processStarted, cell: cell)
        (event.process, event.pid, event.port) = (process.name, process.child.pid, process.port)
        events.emit(event)
    }

    /// Stops the proxy's process, SIGKILL `grace` after SIGTERM, and says how it ended.
    private func stop(_ process: ProxyProcess, cell: String, grace: Duration = ProxyProcess.stopGrace) {
        say(process.stopping(grace: grace))
        let status = process.stop(grace: grace)
        var stopped = LabEvent(.processStopped, cell: cell)
        (stopped.process, stopped.pid, stopped.status) = (process.name, process.child.pid, status.description)
        events.emit(stopped)
    }

    /// Records the port of every fake backend `rigs` started.
    private func emitBackendsListening(_ rigs: [ScenarioRig], cell: String) {
        for backend in rigs.flatMap(\.backends) {
            var event = LabEvent(.backendListening, cell: cell)
            event.port = backend.port
            events.emit(event)
        }
    }

    private func say(_ message: String) { events.say(message) }

    /// A phase of a proxy start, unless the run is interrupted: then nothing new starts.
    private func step<Result>(_ phase: LabEvent.Phase, cell: String, _ body: () throws -> Result) throws
        -> Result
    {
        try interruption.checkpoint()
        return try events.phase(phase, cell: cell, body)
    }

    /// The machine's cores shared by `builds` measured at once: how many loads a proxy is handed at once
    /// (``LoadAdmission``), so that on a small machine it forwards each promptly.
    private func cores(sharedBy builds: Int) -> Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount / builds)
    }
}

/// The names of a cell's files: `lab run`'s plain names for a plan of one cell, per-scenario names otherwise.
struct CellFiles: Sendable {
    /// Whether the plan is a single cell.
    let single: Bool

    func backendLog(_ scenario: Scenario) -> String { named("backend", scenario, "log") }
    func verdict(_ scenario: Scenario) -> String { named("verdict", scenario, "json") }
    func directVerdict(_ scenario: Scenario) -> String { named("direct-verdict", scenario, "json") }
    func loadSummary(_ scenario: Scenario) -> String { named("load-summary", scenario, "json") }

    private func named(_ stem: String, _ scenario: Scenario, _ suffix: String) -> String {
        single ? "\(stem).\(suffix)" : "\(stem)-\(scenario.name).\(suffix)"
    }
}

/// The rigs running now, so one interruption handler stops them whatever plan is under way.
private final class LiveRigs: Sendable {
    private let rigs = Mutex<[ScenarioRig]>([])

    func add(_ new: [ScenarioRig]) { rigs.withLock { $0 += new } }

    func remove(_ old: [ScenarioRig]) {
        let urls = Set(old.map(\.url.description))
        rigs.withLock { $0.removeAll { urls.contains($0.url.description) } }
    }

    func stopAll() { rigs.withLock { $0 }.forEach { $0.stop() } }
}
