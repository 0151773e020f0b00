import LabRecords

/// One poll of the backend's `/stats`: its counters, or why they could not be read.
package struct StatsSample: Codable, Sendable, Equatable {
    /// When the poll finished, Unix seconds (collector clock).
    package var at: Double
    /// The counters, nil when the poll failed.
    package var stats: BackendStats?
    /// Why the poll failed, nil when it worked.
    package var error: String?

    /// A successful poll.
    package init(at: Double, stats: BackendStats) {
        self.at = at
        self.stats = stats
        self.error = nil
    }

    /// A failed poll.
    package init(at: Double, error: String) {
        self.at = at
        self.stats = nil
        self.error = error
    }
}
