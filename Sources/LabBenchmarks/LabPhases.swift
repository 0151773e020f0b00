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
    /// the whole run: `start-up` before the first phase, `exit` after the last. The measurement is cut at the
    /// load's last hang-up into `load` and `sampling`; phases of the same name in a row (the proxy's and the
    /// backends' teardown) are one.
    static func split(events: [LabEvent], startedAt: Double, endedAt: Double, lastHangUpAt: Double?)
        -> [LabPhase]
    {
        var phases: [LabPhase] = []
        var previous = startedAt
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
        for event in events where event.event == .phaseEnded {
            guard let phase = event.phase else { continue }
            if phase == .measure, let hangUp = lastHangUpAt, hangUp > previous, hangUp < event.at {
                add("load", until: hangUp)
                add("sampling", until: event.at)
            } else {
                add(phase.rawValue.replacingOccurrences(of: "_", with: " "), until: event.at)
            }
        }
        add("exit", until: endedAt)
        return phases
    }
}
