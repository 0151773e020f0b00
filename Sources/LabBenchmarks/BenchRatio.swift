/// What a benchmark figure measures, for formatting it.
package enum BenchUnit: String, Codable, Sendable {
    /// Memory, bytes.
    case bytes
    /// Time, seconds.
    case seconds
}

/// One figure of the lab beside the same figure of its peer, both measured in the same run.
package struct BenchRatio: Codable, Sendable, Equatable {
    /// What is compared, e.g. `resident memory`.
    package var metric: String
    /// At what scale, e.g. `10,000 held`.
    var scale: String
    /// The lab's figure.
    package var lab: Double
    /// The peer's figure.
    package var peer: Double
    /// The peer, e.g. `asyncio` or `curl`.
    var peerName: String
    /// The figures' unit.
    var unit: BenchUnit
    /// `peer ÷ lab`: every figure compared is lower-is-better, so above 1 the lab is ahead.
    /// Nil when the lab's figure is zero.
    package var value: Double?

    /// Compares `lab` with `peer`.
    package init(metric: String, scale: String, lab: Double, peer: Double, peerName: String, unit: BenchUnit)
    {
        self.metric = metric
        self.scale = scale
        self.lab = lab
        self.peer = peer
        self.peerName = peerName
        self.unit = unit
        value = lab > 0 ? peer / lab : nil
    }

    /// Ratios of the asyncio backend to `fake-backend`, at every size both held.
    static func hold(_ results: [HoldResult]) -> [BenchRatio] {
        let lab = results.filter { $0.backend == BenchBackend.Kind.fakeBackend.rawValue }
        return lab.flatMap { ours -> [BenchRatio] in
            guard
                let peer = results.first(where: {
                    $0.backend == BenchBackend.Kind.asyncio.rawValue && $0.held == ours.held
                })
            else { return [] }
            let scale = "\(BenchFormat.count(ours.held)) held"
            func ratio(_ metric: String, _ unit: BenchUnit, _ figure: (HoldResult) -> Double?) -> BenchRatio?
            {
                guard let mine = figure(ours), let theirs = figure(peer) else { return nil }
                return BenchRatio(
                    metric: metric, scale: scale, lab: mine, peer: theirs, peerName: peer.backend, unit: unit)
            }
            return [
                ratio("resident memory", .bytes) { Double($0.residentBytes) },
                ratio("memory per held request", .bytes) { $0.bytesPerRequest },
                ratio("CPU while holding", .seconds) { $0.cpuSecondsWhileHolding },
                ratio("close detection p50", .seconds) { $0.closeDetection?.p50 },
                ratio("close detection p99", .seconds) { $0.closeDetection?.p99 },
                ratio("CPU per hang-up", .seconds) { $0.cpuSecondsPerHangUp },
            ].compactMap { $0 }
        }
    }

    /// Plain pip's cold install beside the lab's, into empty caches both.
    static func install(_ results: [InstallTiming]) -> [BenchRatio] {
        func cold(_ installer: InstallBenchmark.Installer) -> InstallTiming? {
            results.first { $0.installer == installer.rawValue && $0.cache == "empty" }
        }
        guard let ours = cold(.lab), let peer = cold(.pip) else { return [] }
        return [
            BenchRatio(
                metric: "install into empty caches", scale: "LiteLLM \(ours.litellmVersion)",
                lab: ours.seconds,
                peer: peer.seconds, peerName: peer.installer, unit: .seconds)
        ]
    }

    /// Ratios of one curl per request to `load-client`, at every size both ran.
    static func load(_ results: [LoadMethodResult]) -> [BenchRatio] {
        let lab = results.filter { $0.tool == LoadBenchmark.Method.loadClient.rawValue }
        return lab.flatMap { ours -> [BenchRatio] in
            guard
                let peer = results.first(where: {
                    $0.tool == LoadBenchmark.Method.curl.rawValue && $0.requests == ours.requests
                })
            else { return [] }
            let scale = "\(BenchFormat.count(ours.requests)) requests"
            func ratio(_ metric: String, _ unit: BenchUnit, _ figure: (LoadMethodResult) -> Double?)
                -> BenchRatio?
            {
                guard let mine = figure(ours), let theirs = figure(peer) else { return nil }
                return BenchRatio(
                    metric: metric, scale: scale, lab: mine, peer: theirs, peerName: peer.tool, unit: unit)
            }
            return [
                ratio("arrival spread at the backend", .seconds) { $0.arrivalSpreadSeconds },
                ratio("hang-up lateness p99 (lab: upper bound, curl: exact)", .seconds) {
                    $0.hangUpLateness?.p99
                },
                ratio("CPU", .seconds) { $0.cpuSeconds },
                ratio("peak resident memory", .bytes) { Double($0.peakResidentBytes) },
                ratio("peak own memory", .bytes) { Double($0.peakAnonymousBytes) },
            ].compactMap { $0 }
        }
    }
}
