/// How a held request ended, or that it has not yet.
package enum RequestOutcome: String, Codable, Sendable {
    /// Still held: its client is connected and the hold has not elapsed.
    case held
    /// The backend answered after the hold.
    case completed
    /// The peer hung up while the request was held.
    case clientClosed = "client_closed"
}

/// One upstream request the backend received on an API route.
package struct RequestRecord: Codable, Sendable, Equatable {
    /// Sequence number, from 1.
    package let id: Int
    /// Request method.
    package let method: String
    /// Request path.
    package let path: String
    /// Whether it asked for a stream (and its API streams): only streams count chunks and bytes.
    package let stream: Bool
    /// Wall-clock arrival, Unix seconds.
    package let startedAt: Double
    /// Wall-clock end of the hold, Unix seconds; nil while held.
    ///
    /// `endedAt - startedAt` is how long the request held the backend. A completed stream's closing events
    /// are written just after it.
    package var endedAt: Double?
    /// How it ended.
    package var outcome: RequestOutcome
    /// Stream events written so far, each one chunk of the chunked body; cumulative and exact.
    package var chunks = 0
    /// Stream body bytes written so far (chunk framing included, response head not); cumulative and exact.
    package var bytes = 0
    /// With `--slots`, when it got a slot, Unix seconds (its arrival when one was free); nil while it waits,
    /// and without slots. `slotAt - startedAt` is its exact wait for a slot.
    package var slotAt: Double?
    /// True for a slot probe (its body carries `SlotProbePrompt`): served as soon as it has a slot, not held.
    package var probe: Bool?
}

/// The backend's exact accounting of API requests: counters plus a record per request.
///
/// Invariant: `started == completed + clientClosed + active`; rejected requests are counted apart.
/// Stream counters only grow: bytes and chunks are counted as the kernel accepts them.
struct RequestLedger {
    private(set) var active = 0
    private(set) var started = 0
    private(set) var completed = 0
    private(set) var clientClosed = 0
    private(set) var rejected = 0
    private(set) var streamedChunks = 0
    private(set) var streamedBytes = 0
    private(set) var records: [RequestRecord] = []
    private(set) var lastEndedAt: Double?

    /// The id the next request started will get.
    var nextID: Int { started + 1 }

    /// Opens a record for a request that is now held and returns its id; `slotAt` says when it got a slot
    /// (with slots only), `probe` marks a slot probe.
    mutating func start(
        method: String, path: String, stream: Bool = false, at time: Double, slotAt: Double? = nil,
        probe: Bool = false
    ) -> Int {
        started += 1
        active += 1
        var record = RequestRecord(
            id: started, method: method, path: path, stream: stream, startedAt: time, outcome: .held)
        record.slotAt = slotAt
        record.probe = probe ? true : nil
        records.append(record)
        return started
    }

    /// Records that held request `id`, which waited, got a slot at `time`.
    mutating func slotGranted(_ id: Int, at time: Double) {
        guard records.indices.contains(id - 1) else { return }
        records[id - 1].slotAt = time
    }

    /// Adds bytes and whole events written for request `id`'s stream, whether or not it is still held.
    mutating func streamed(_ id: Int, bytes: Int, chunks: Int) {
        guard records.indices.contains(id - 1) else { return }
        records[id - 1].bytes += bytes
        records[id - 1].chunks += chunks
        streamedBytes += bytes
        streamedChunks += chunks
    }

    /// Closes a held request's record with its outcome.
    ///
    /// - Returns: the closed record, or nil when `id` was not held (ending twice is a bug elsewhere).
    mutating func finish(_ id: Int, outcome: RequestOutcome, at time: Double) -> RequestRecord? {
        guard outcome != .held, records.indices.contains(id - 1), records[id - 1].outcome == .held else {
            return nil
        }
        records[id - 1].outcome = outcome
        records[id - 1].endedAt = time
        active -= 1
        lastEndedAt = time
        if outcome == .completed { completed += 1 } else { clientClosed += 1 }
        return records[id - 1]
    }

    /// Counts a request refused as malformed, oversized, or for an unknown route.
    mutating func reject() {
        rejected += 1
    }

    /// The counters as served on `/stats`; with `since`, also how many requests arrived after that moment.
    func stats(at time: Double, startedAt: Double, since: Double? = nil) -> BackendStats {
        let oldest = records.first { $0.outcome == .held }?.startedAt
        var stats = BackendStats(
            active: active, started: started, completed: completed, clientClosed: clientClosed,
            rejected: rejected, time: time, uptimeSeconds: time - startedAt, oldestActiveStartedAt: oldest,
            lastEndedAt: lastEndedAt, streamedChunks: streamedChunks, streamedBytes: streamedBytes)
        stats.lastStartedAt = records.last?.startedAt
        if let since {
            stats.since = since
            // Records are in arrival order: count back from the newest, so the cost is the answer's size.
            stats.startedSince = records.reversed().prefix { $0.startedAt > since }.count
        }
        return stats
    }
}
