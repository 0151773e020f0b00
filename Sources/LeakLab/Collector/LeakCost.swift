import Foundation

extension LeakCost {
    /// What abandoned requests cost the backend after the clients left, from the samples and the records.
    ///
    /// Stream chunks and bytes are counted between the last sample taken before the last hang-up and the
    /// last sample, so they are exact up to one sample interval. Backend-seconds add, for every request
    /// that arrived after the baseline, the time it was still held after the hang-up.
    static func measure(
        baseline: StatsSample, samples: [StatsSample], records: [RequestRecord], load: LoadSummary?,
        stillHeld: Int,
        at now: Double
    ) -> LeakCost? {
        guard let hangUp = load?.lastHangUpAt, let last = samples.last(where: { $0.stats != nil })?.stats
        else {
            return nil
        }
        let before = samples.last { ($0.stats?.time ?? .infinity) <= hangUp }?.stats ?? baseline.stats ?? last
        let backendSeconds = records.filter { $0.startedAt >= baseline.at }.reduce(0.0) { total, record in
            total + max(0, (record.endedAt ?? now) - max(record.startedAt, hangUp))
        }
        return LeakCost(
            heldRequests: max(0, stillHeld), backendSeconds: backendSeconds,
            chunksAfterHangUp: max(0, last.streamedChunks - before.streamedChunks),
            bytesAfterHangUp: max(0, last.streamedBytes - before.streamedBytes))
    }
}

extension LeakCost {
    /// `10 requests held, 31.2 backend-seconds after the hang-up, 280 chunks (15960 bytes) written after the clients left`.
    public var oneLine: String {
        var parts = [
            "\(heldRequests) requests held",
            "\(String(format: "%.1f", backendSeconds)) backend-seconds after the hang-up",
        ]
        if chunksAfterHangUp > 0 || bytesAfterHangUp > 0 {
            parts.append(
                "\(chunksAfterHangUp) chunks (\(bytesAfterHangUp) bytes) written after the clients left")
        }
        return parts.joined(separator: ", ")
    }
}
