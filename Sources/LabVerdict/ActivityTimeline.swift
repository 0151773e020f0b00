import LabCore
import LabRecords

/// Prints the backend's held count as it changes, one short line at most every `heartbeat` otherwise.
///
/// Compact on purpose: a run of ten seconds at 10 samples a second prints a dozen lines, not a hundred.
struct ActivityTimeline {
    private let origin: Double
    private let heartbeatSeconds: Double
    private var lastPrinted: (at: Double, active: Int)?
    private var hangUpMarked = false

    init(origin: Double, heartbeatSeconds: Double = 1) {
        self.origin = origin
        self.heartbeatSeconds = heartbeatSeconds
    }

    /// The line to print for `sample`, or nil when nothing changed and the heartbeat is not due.
    mutating func line(for sample: StatsSample, baseline: BackendStats, hangUpAt: Double?) -> String? {
        let time = "t+" + Format.seconds(sample.at - origin)
        guard let stats = sample.stats else { return "  \(time) stats unreachable: \(sample.error ?? "")" }
        let held = stats.active - baseline.active
        var note = ""
        if let hangUpAt, !hangUpMarked, sample.at >= hangUpAt {
            hangUpMarked = true
            note = "  <- clients hung up"
        }
        if note.isEmpty, let lastPrinted, lastPrinted.active == held,
            sample.at - lastPrinted.at < heartbeatSeconds
        {
            return nil
        }
        lastPrinted = (sample.at, held)
        let bar = String(repeating: "#", count: min(max(held, 0), 40)) + (held > 40 ? "+" : "")
        let padded = String(repeating: " ", count: max(0, 5 - String(held).count)) + String(held)
        return "  \(time) held \(padded) \(bar)\(note)"
    }
}
