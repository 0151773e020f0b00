import LabRecords

extension BackendStats {
    /// Two backends' counters as one: counts add, the newest moments win, the oldest held request stays.
    ///
    /// A proxy with a fallback model talks to two backends; what it leaks is the sum of what both hold.
    func adding(_ other: BackendStats) -> BackendStats {
        var sum = BackendStats(
            active: active + other.active, started: started + other.started,
            completed: completed + other.completed, clientClosed: clientClosed + other.clientClosed,
            rejected: rejected + other.rejected, time: max(time, other.time),
            uptimeSeconds: min(uptimeSeconds, other.uptimeSeconds),
            oldestActiveStartedAt: [oldestActiveStartedAt, other.oldestActiveStartedAt].compactMap { $0 }
                .min(),
            lastEndedAt: [lastEndedAt, other.lastEndedAt].compactMap { $0 }.max(),
            streamedChunks: streamedChunks + other.streamedChunks,
            streamedBytes: streamedBytes + other.streamedBytes)
        sum.lastStartedAt = [lastStartedAt, other.lastStartedAt].compactMap { $0 }.max()
        // A count since a moment adds up only when both backends counted from the same moment.
        if let since, since == other.since, let mine = startedSince, let theirs = other.startedSince {
            sum.since = since
            sum.startedSince = mine + theirs
        }
        return sum
    }
}
