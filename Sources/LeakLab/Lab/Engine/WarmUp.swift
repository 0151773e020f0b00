import LabLoad
import LabWire

/// One request per API (and stream mode) through a freshly started proxy, to a backend that answers at
/// once, before anything is measured.
///
/// A proxy's first requests are slow (imports, connection pools: about 1 s for newer LiteLLM releases, 4 s
/// on a busy machine), and a client that gives up before its request was forwarded measures the wrong
/// thing. The warm-up backends are not sampled, so their requests count nowhere.
struct WarmUp {
    /// One rig per API, stream mode and route (a model or a pass-through) the measured scenarios use, each with
    /// a backend that does not hold.
    let rigs: [ScenarioRig]

    /// Starts the warm-up backends for `scenarios`, logging to `logPath`.
    init(for scenarios: [Scenario], settings: LabSettings, logPath: String) throws {
        var answering = settings
        answering.load.hold = .zero
        var seen: Set<String> = []
        rigs = try scenarios.compactMap { scenario in
            // A realtime session is held until its client leaves, whatever the hold: it cannot warm up, and its
            // arrival client waits for the slow first session instead.
            guard !scenario.upstreamIsProxyWide, !scenario.realtime else { return nil }
            let name =
                "warm-up-\(scenario.endpoint.rawValue)" + (scenario.stream ? "-stream" : "")
                + (scenario.passThrough ? "-pass-through" : "")
            guard seen.insert(name).inserted else { return nil }
            let warmUp = Scenario(
                name: name, summary: "", endpoint: scenario.endpoint, stream: scenario.stream,
                backend: .answer, client: .timeout, timeoutFrom: .sending, passThrough: scenario.passThrough)
            return try ScenarioRig(warmUp, port: 0, settings: answering, logPath: logPath)
        }
    }

    /// Sends each rig's request through the proxy at `base` and waits for the answers (a minute at most).
    ///
    /// A proxy with several workers gets as many requests at once as the measured load will send: each worker
    /// is slow on its own first request, and the load is spread over the workers as this burst is.
    ///
    /// - Returns: One line per warm-up that did not get a 200, for the run's log; the measurement decides.
    func run(through base: HTTPURL, apiKey: String?, settings: LabSettings, workers: Int) -> [String] {
        var patient = settings
        (patient.load.requests, patient.load.clientTimeout) = (
            workers > 1 ? settings.load.requests : 1, .seconds(60)
        )
        return rigs.compactMap { rig in
            let plan = rig.proxyPlan(base, apiKey: apiKey, settings: patient)
            let summary = try? LoadClient.run(plan)
            guard summary?.answered["200"] != patient.load.requests else { return nil }
            return "warm-up \(rig.scenario.name): \(summary?.oneLine ?? "the load could not start")"
        }
    }

    /// Stops the warm-up backends.
    func stop() { rigs.forEach { $0.stop() } }
}
