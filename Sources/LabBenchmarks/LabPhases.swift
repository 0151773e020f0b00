import LeakLab

/// How long one phase of a `lab run` took.
package struct LabPhase: Codable, Sendable, Equatable {
    /// The phase, e.g. `proxy start`.
    package var name: String
    /// Its duration, seconds.
    package var seconds: Double

    /// A phase of `seconds`.
    package init(name: String, seconds: Double) {
        self.name = name
        self.seconds = seconds
    }
}

/// Splits a `lab run` into phases from its event stream (`events.jsonl`).
enum LabPhases {
    /// The phases of a run that started at `startedAt` and ended at `endedAt` (Unix seconds).
    ///
    /// Each ended phase closes a span that began where the previous one ended, so the durations add up to
    /// the whole run: `start-up` before the first phase, `exit` after the last. A span during which other
    /// phases were under way too is named with them (`proxy start ∥ direct control`). The measurement is cut
    /// at the load's last hang-up into `load` and `sampling`; spans of the same name in a row (the proxy's and
    /// the backends' teardown) are one.
    static func split(events: [LabEvent], startedAt: Double, endedAt: Double, lastHangUpAt: Double?)
        -> [LabPhase]
    {
        var phases: [LabPhase] = []
        var previous = startedAt
        var underWay: [String] = []
        func add(_ name: String, until end: Double) {
            guard end >= previous else { return }
            if phases.last?.name == name {
                phases[phases.count - 1].seconds += end - previous
            } else {
                phases.append(LabPhase(name: name, seconds: end - previous))
            }
            previous = end
        }
        if let first = events.first(where: { $0.event == .phaseStarted }) { add("start-up", until: first.at) }
        for event in events {
            guard let phase = event.phase.map(name) else { continue }
            if event.event == .phaseStarted { underWay.append(phase) }
            guard event.event == .phaseEnded else { continue }
            underWay.firstIndex(of: phase).map { _ = underWay.remove(at: $0) }
            let others = underWay.filter { $0 != phase }
            if event.phase == .measure, let hangUp = lastHangUpAt, hangUp > previous, hangUp < event.at {
                add("load", until: hangUp)
                add("sampling", until: event.at)
            } else {
                add(([phase] + others).joined(separator: " ∥ "), until: event.at)
            }
        }
        add("exit", until: endedAt)
        return phases
    }

    /// How long the proxy took from its start to its health check, from the `proxy_start` phase's own events.
    static func proxyStartSeconds(events: [LabEvent]) -> Double? {
        guard let started = events.first(where: { $0.event == .phaseStarted && $0.phase == .proxyStart }),
            let ended = events.first(where: { $0.event == .phaseEnded && $0.phase == .proxyStart })
        else { return nil }
        return ended.at - started.at
    }

    private static func name(_ phase: LabEvent.Phase) -> String {
        phase.rawValue.replacingOccurrences(of: "_", with: " ")
    }
}
