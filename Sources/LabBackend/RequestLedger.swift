import LabRecords

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
    /// The first request that carried each arrival token, by token: a router's retry carries its client's
    /// token again, and the client's request arrived with the first.
    private var arrivals: [String: Int] = [:]

    /// The id the next request started will get.
    var nextID: Int { started + 1 }

    /// Opens a record for a request that is now held and returns its id; `slotAt` says when it got a slot
    /// (with slots only), `probe` marks a slot probe, `arrivalToken` is the token its body carried.
    mutating func start(
        method: String, path: String, stream: Bool = false, at time: Double, slotAt: Double? = nil,
        probe: Bool = false, arrivalToken: String? = nil
    ) -> Int {
        started += 1
        active += 1
        var record = RequestRecord(
            id: started, method: method, path: path, stream: stream, startedAt: time, outcome: .held)
        record.slotAt = slotAt
        record.probe = probe ? true : nil
        record.arrivalToken = arrivalToken
        records.append(record)
        if let arrivalToken, arrivals[arrivalToken] == nil { arrivals[arrivalToken] = started }
        return started
    }

    /// Records that held request `id` carried arrival `token` after it started (a websocket's token comes in
    /// a message after the upgrade), unless it or another request already carried one.
    ///
    /// - Returns: whether `token` is now known to have arrived with `id`.
    mutating func carried(_ token: String, by id: Int) -> Bool {
        guard records.indices.contains(id - 1), records[id - 1].arrivalToken == nil, arrivals[token] == nil
        else {
            return false
        }
        records[id - 1].arrivalToken = token
        arrivals[token] = id
        return true
    }

    /// The record of the first request that carried `token`, nil when none has arrived.
    func arrival(of token: String) -> RequestRecord? {
        arrivals[token].map { records[$0 - 1] }
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
