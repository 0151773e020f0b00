import LabBackend
import LabLoad

extension LabOption {
    /// The options of ``LabSettings/Load``: the scenario, the clients, and the backend's slots.
    static let loadOptions: [LabOption] = [
        LabOption(
            [
                .init(
                    "--scenario", "NAME",
                    "what clients and backend do (default chat, the original report; `lab scenarios` lists them)"
                )
            ], for: [.run],
            read: { options, settings throws(UsageError) in
                if let name = try options.string("--scenario") {
                    settings.load.scenario = try Scenario.named(name)
                }
            },
            // Always written: a cell's command names its scenario even when it is the default.
            words: { settings in ["--scenario", settings.load.scenario.name] },
            composeRefusal: { settings in
                let scenario = settings.load.scenario
                if scenario.fallback {
                    return
                        "scenario \(scenario.name) needs a second backend: choose another (`lab scenarios`)"
                }
                if scenario.realtime {
                    return
                        "scenario \(scenario.name) opens websockets, which the load service does not:"
                        + " choose another (`lab scenarios`)"
                }
                if let variable = scenario.upstreamBaseVariable {
                    return
                        "scenario \(scenario.name) sets \(variable) in the proxy's environment to its backend: use the"
                        + " native runtime"
                }
                if !scenario.bodyFields.isEmpty {
                    return
                        "scenario \(scenario.name) sends body fields ("
                        + scenario.bodyFields.map(\.key).joined(separator: ", ")
                        + ") the load service does not carry: choose another (`lab scenarios`)"
                }
                return nil
            }),
        .integer(
            .init("--requests", "N", "concurrent requests (default 10)"), for: measuring, \.load.requests,
            in: 1...100_000),
        .seconds(
            .init(
                "--timeout", "SECONDS",
                "client timeout (default 1): from when each request goes out for the original report's chat "
                    + "(a wall-clock client, as curl --max-time), from when it reached the backend through the "
                    + "proxy for every other scenario (an arrival client, which leaves anyway 30 s after it "
                    + "sent when the backend never sees its request); a scenario's client leaving after K "
                    + "content chunks falls back to it"),
            for: measuring, \.load.clientTimeout, in: 0.01...600),
        LabOption(
            [
                .init(
                    "--timeout-from", "sending|arrival",
                    "when the client timeout starts, for every scenario whose requests can say when they arrived "
                        + "(all but chat-queue and rag-query, whose bodies are their own): `sending` (a wall-clock "
                        + "client), `arrival` (a fixed time after its request reached the backend, however slowly "
                        + "the proxy forwards: a busy machine delays the verdict instead of making it INCONCLUSIVE)."
                        + " Default: the scenario's own (sending for chat, arrival for the others)")
            ], for: measuring,
            read: { options, settings throws(UsageError) in
                if let start = try options.choice("--timeout-from", as: TimeoutStart.self) {
                    settings.load.timeoutFrom = start
                }
            },
            words: { settings in settings.load.timeoutFrom.map { ["--timeout-from", $0.rawValue] } ?? [] }),
        LabOption(
            [
                .init(
                    "--slots", "N",
                    "the fake backend models a server with N slots: at most N requests are served at once, the rest"
                        + " wait (a hang-up frees a slot, as on a model server). After the verdict, at the end of the"
                        + " grace window, a slot probe (one request as a new user sends it) goes through the proxy:"
                        + " the report says how long it waited for a slot, or that it was refused. Cost evidence only:"
                        + " the verdict does not change"),
                .init(
                    "--queue-limit", "M",
                    "with --slots: at most M requests wait; one more is refused with 503 (default: no limit)"),
                .init(
                    "--probe-patience", "S",
                    "with --slots: how long the slot probe waits before it gives up (default 5)"),
            ], for: measuring,
            read: { options, settings throws(UsageError) in
                settings.load.slots = try SlotQueue.Limits.read(&options, environment: false)
                let standard = settings.load.probePatience
                let patience = try options.seconds("--probe-patience", default: standard, in: 0.1...3600)
                if patience != standard && settings.load.slots == nil {
                    throw UsageError(
                        "--probe-patience needs --slots N: the slot probe only runs against slots")
                }
                settings.load.probePatience = patience
            },
            words: { settings in
                guard let slots = settings.load.slots else { return [] }
                var words = OptionWords()
                words.add("--slots", String(slots.slots))
                words.add("--queue-limit", slots.queueLimit.map(String.init))
                words.add(
                    "--probe-patience", settings.load.probePatience, unless: LabSettings.Load().probePatience)
                return words.words
            }),
    ]
}
