import Foundation
import LabCore
import LabLoad
import LabRecords

/// What abandoned requests cost the backend after their clients had gone.
package struct LeakCost: Codable, Sendable, Equatable {
    /// Upstream requests still held at the decision (or at the end of `--observe`).
    package var heldRequests: Int
    /// Seconds of backend time spent on abandoned requests after the clients hung up, summed.
    package var backendSeconds: Double
    /// Stream chunks the backend wrote after the clients hung up (into connections nobody reads).
    package var chunksAfterHangUp: Int
    /// Bytes of those chunks.
    package var bytesAfterHangUp: Int
    /// Upstream requests the backend received for the load, retries and fallbacks included.
    package var upstreamRequests: Int?
    /// Requests the clients abandoned: with `upstreamRequests`, the amplification.
    package var abandonedRequests: Int?
    /// Upstream requests that started after the last client had hung up: work for nobody.
    package var startedAfterHangUp: Int?
    /// The backend-seconds of those requests alone (part of `backendSeconds`).
    package var backendSecondsStartedAfterHangUp: Double?
    /// Seconds from the hang-up to the end of the last upstream request; nil while any is still held.
    package var lastEndedAfterHangUpSeconds: Double?
    /// Seconds from the hang-up to the last sample: how much of the leak's life was watched.
    var observedAfterHangUpSeconds: Double?

    /// A cost; see the properties for meanings.
    package init(
        heldRequests: Int, backendSeconds: Double, chunksAfterHangUp: Int, bytesAfterHangUp: Int,
        upstreamRequests: Int? = nil, abandonedRequests: Int? = nil, startedAfterHangUp: Int? = nil,
        backendSecondsStartedAfterHangUp: Double? = nil, lastEndedAfterHangUpSeconds: Double? = nil,
        observedAfterHangUpSeconds: Double? = nil
    ) {
        self.heldRequests = heldRequests
        self.backendSeconds = backendSeconds
        self.chunksAfterHangUp = chunksAfterHangUp
        self.bytesAfterHangUp = bytesAfterHangUp
        self.upstreamRequests = upstreamRequests
        self.abandonedRequests = abandonedRequests
        self.startedAfterHangUp = startedAfterHangUp
        self.backendSecondsStartedAfterHangUp = backendSecondsStartedAfterHangUp
        self.lastEndedAfterHangUpSeconds = lastEndedAfterHangUpSeconds
        self.observedAfterHangUpSeconds = observedAfterHangUpSeconds
    }

    /// Upstream requests per abandoned client: 1.0 when each reached the backend once, more with retries.
    package var amplification: Double? {
        guard let upstreamRequests, let abandonedRequests, abandonedRequests > 0 else { return nil }
        return Double(upstreamRequests) / Double(abandonedRequests)
    }
}

extension LeakCost {
    /// What abandoned requests cost the backend after the clients left, from the samples and the records.
    ///
    /// Stream chunks and bytes are counted between the last sample taken before the last hang-up and the
    /// last sample, so they are exact up to one sample interval. Backend-seconds add, for every request
    /// that arrived after the baseline, the time it was still held after the hang-up; the records also say
    /// which requests started after the hang-up and when the last one ended.
    static func measure(
        baseline: StatsSample, samples: [StatsSample], records: [RequestRecord], load: LoadSummary?,
        stillHeld: Int,
        at now: Double
    ) -> LeakCost? {
        guard let load, let hangUp = load.lastHangUpAt,
            let last = samples.last(where: { $0.stats != nil })?.stats
        else {
            return nil
        }
        let before = samples.last { ($0.stats?.time ?? .infinity) <= hangUp }?.stats ?? baseline.stats ?? last
        let caused = records.filter { $0.startedAt >= baseline.at }
        func secondsAfter(_ record: RequestRecord, _ from: Double) -> Double {
            max(0, (record.endedAt ?? now) - max(record.startedAt, from))
        }
        let late = caused.filter { $0.startedAt > hangUp }
        let ends = caused.map(\.endedAt)
        let lastEnded = ends.contains(nil) ? nil : ends.compactMap { $0 }.max().map { max(0, $0 - hangUp) }
        return LeakCost(
            heldRequests: max(0, stillHeld),
            backendSeconds: caused.reduce(0) { $0 + secondsAfter($1, hangUp) },
            chunksAfterHangUp: max(0, last.streamedChunks - before.streamedChunks),
            bytesAfterHangUp: max(0, last.streamedBytes - before.streamedBytes),
            upstreamRequests: caused.count, abandonedRequests: load.abandoned, startedAfterHangUp: late.count,
            backendSecondsStartedAfterHangUp: late.reduce(0) { $0 + secondsAfter($1, $1.startedAt) },
            lastEndedAfterHangUpSeconds: lastEnded,
            observedAfterHangUpSeconds: samples.last.map { max(0, $0.at - hangUp) })
    }
}

extension LeakCost {
    /// `10 requests held, 31.2 backend-seconds after the hang-up, 20 upstream requests for 10 abandoned clients
    /// (2.0×), 10 started after the hang-up (8.1 backend-seconds), 280 chunks (15960 bytes) written after the
    /// clients left`.
    package var oneLine: String {
        var parts = [
            "\(heldRequests) requests held",
            "\(String(format: "%.1f", backendSeconds)) backend-seconds after the hang-up",
        ]
        if let amplification, let upstreamRequests, let abandonedRequests, amplification != 1 {
            parts.append(
                "\(upstreamRequests) upstream requests for \(abandonedRequests) abandoned clients "
                    + "(\(String(format: "%.1f", amplification))×)")
        }
        if let startedAfterHangUp, startedAfterHangUp > 0 {
            parts.append(
                "\(startedAfterHangUp) started after the hang-up "
                    + "(\(String(format: "%.1f", backendSecondsStartedAfterHangUp ?? 0)) backend-seconds)")
        }
        if chunksAfterHangUp > 0 || bytesAfterHangUp > 0 {
            parts.append(
                "\(chunksAfterHangUp) chunks (\(bytesAfterHangUp) bytes) written after the clients left")
        }
        if let lastEndedAfterHangUpSeconds, heldRequests == 0, (startedAfterHangUp ?? 0) > 0 {
            parts.append("the last ended \(Format.seconds(lastEndedAfterHangUpSeconds)) after the hang-up")
        }
        return parts.joined(separator: ", ")
    }
}
