/// The backend's counters at one moment: the body of `GET /stats`, and what the collector samples.
package struct BackendStats: Codable, Sendable, Equatable {
    /// API requests held right now.
    package var active: Int
    /// API requests received since start.
    package var started: Int
    /// API requests answered after the hold.
    package var completed: Int
    /// API requests whose peer hung up while held.
    package var clientClosed: Int
    /// Requests refused: malformed, oversized, unknown route or method.
    package var rejected: Int
    /// When the snapshot was taken, Unix seconds (backend clock).
    package var time: Double
    /// Seconds since the backend started.
    package var uptimeSeconds: Double
    /// Arrival of the longest-held request still open, Unix seconds.
    package var oldestActiveStartedAt: Double?
    /// When the most recent request ended (answered or abandoned), Unix seconds.
    package var lastEndedAt: Double?
    /// Stream events written since start, over all requests; sampled at a hang-up, the difference to a later
    /// sample is what was streamed after the client was gone.
    package var streamedChunks: Int
    /// Stream body bytes written since start (chunk framing included, heads not), over all requests.
    package var streamedBytes: Int
    /// When the most recent API request arrived, Unix seconds.
    package var lastStartedAt: Double?
    /// The moment `startedSince` counts from, when the poll asked for one (`/stats?since=T`).
    package var since: Double?
    /// API requests that arrived strictly after `since`: after the last hang-up, that is work for nobody.
    package var startedSince: Int?
    /// The slots of a backend that models a server's (`--slots`); nil for one that serves every request at once.
    package var slots: SlotStats?

    /// Creates a snapshot; see the properties for meanings.
    package init(
        active: Int, started: Int, completed: Int, clientClosed: Int, rejected: Int,
        time: Double, uptimeSeconds: Double, oldestActiveStartedAt: Double? = nil, lastEndedAt: Double? = nil,
        streamedChunks: Int = 0, streamedBytes: Int = 0
    ) {
        self.active = active
        self.started = started
        self.completed = completed
        self.clientClosed = clientClosed
        self.rejected = rejected
        self.time = time
        self.uptimeSeconds = uptimeSeconds
        self.oldestActiveStartedAt = oldestActiveStartedAt
        self.lastEndedAt = lastEndedAt
        self.streamedChunks = streamedChunks
        self.streamedBytes = streamedBytes
    }

    /// Whether the counters obey `started == completed + client_closed + active`, none negative, and with slots
    /// `active == in_use + queued` with no more in use than there are slots.
    package var isConsistent: Bool {
        let counts = [active, started, completed, clientClosed, rejected]
        let slotsHold = slots.map {
            [$0.inUse, $0.queued, $0.refused].allSatisfy { $0 >= 0 } && $0.inUse <= $0.slots
                && active == $0.inUse + $0.queued
        }
        return counts.allSatisfy { $0 >= 0 } && started == completed + clientClosed + active
            && slotsHold != false
    }
}
