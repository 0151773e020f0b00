/// How long one phase of a `lab run` took.
package struct LabPhase: Codable, Sendable, Equatable {
    /// The phase, e.g. `proxy start`; two names joined by `+` when the line between them never came.
    package var name: String
    /// Its duration, seconds.
    package var seconds: Double

    /// A phase of `seconds`.
    package init(name: String, seconds: Double) {
        self.name = name
        self.seconds = seconds
    }
}

/// Splits a `lab run` into phases from the moments its progress lines appeared.
///
/// The lab prints no phase timings of its own, so each phase ends at the first line that only its end
/// produces; the load ends at the last hang-up its summary records.
enum LabPhases {
    /// Where each phase ends.
    enum Boundary: Equatable {
        /// The first line containing this text.
        case line(containing: String)
        /// The load's last hang-up.
        case lastHangUp
        /// The process's exit.
        case exit
    }

    /// The phases in order, each with the boundary that ends it.
    static let boundaries: [(phase: String, end: Boundary)] = [
        ("backend start", .line(containing: "[lab] fake backend on")),
        ("direct control", .line(containing: "[lab] direct control:")),
        ("install check", .line(containing: "[lab] starting ")),
        ("proxy start", .line(containing: " healthy after ")),
        ("load", .lastHangUp),
        ("sampling", .line(containing: "[lab] stopping ")),
        ("teardown", .exit),
    ]

    /// The phases of a run that started at `startedAt` and ended at `endedAt` (Unix seconds).
    ///
    /// A boundary that cannot be found joins its phase to the next one, so durations always add up
    /// to the whole run.
    static func split(lines: [StampedLine], startedAt: Double, endedAt: Double, lastHangUpAt: Double?)
        -> [LabPhase]
    {
        var phases: [LabPhase] = []
        var previous = startedAt
        var pending: [String] = []
        // Boundaries are searched in order, so a line printed again later never ends an earlier phase.
        var searchFrom = lines.startIndex
        for (phase, boundary) in boundaries {
            pending.append(phase)
            let end: Double?
            switch boundary {
            case .line(let text):
                let index = lines[searchFrom...].firstIndex { $0.text.contains(text) }
                end = index.map { lines[$0].at }
                if let index { searchFrom = index }
            case .lastHangUp:
                end = lastHangUpAt.flatMap { $0 >= previous ? $0 : nil }
            case .exit:
                end = endedAt
            }
            guard let end else { continue }
            phases.append(LabPhase(name: pending.joined(separator: " + "), seconds: end - previous))
            previous = end
            pending = []
        }
        return phases
    }
}
