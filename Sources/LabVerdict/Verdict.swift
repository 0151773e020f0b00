/// The three answers the lab gives.
package enum VerdictKind: String, Codable, Sendable {
    /// Every upstream request was released after the clients gave up.
    case pass = "PASS"
    /// Upstream requests were still held after the grace window.
    case leak = "LEAK"
    /// The lab could not observe enough to say either.
    case inconclusive = "INCONCLUSIVE"
    /// The proxy refused the scenario's route itself (404 or 405 to every request, none sent upstream):
    /// this release does not have it, so there is nothing to leak.
    case notServed = "NOT SERVED"

    /// 0 PASS, 1 LEAK, 2 INCONCLUSIVE, 3 NOT SERVED.
    package var exitCode: Int32 {
        switch self {
        case .pass: 0
        case .leak: 1
        case .inconclusive: 2
        case .notServed: 3
        }
    }

    /// Whether the proxy was measured holding or releasing upstream requests: PASS or LEAK.
    package var isMeasured: Bool { self == .pass || self == .leak }
}

/// What a verdict may be asserted against (`--expect leak|no-leak`).
public enum VerdictExpectation: String, Codable, Sendable, CaseIterable {
    /// The proxy is expected to keep upstream requests open.
    case leak
    /// The proxy is expected to release them.
    case noLeak = "no-leak"

    /// The verdict this expectation matches.
    package var expectedKind: VerdictKind { self == .leak ? .leak : .pass }
}

/// A decision with its reason and the figures it rests on.
package struct Verdict: Codable, Sendable, Equatable {
    /// PASS, LEAK or INCONCLUSIVE.
    package var kind: VerdictKind
    /// One line saying why, with the numbers.
    package var reason: String
    /// Requests the load client abandoned (hung up on).
    package var abandoned: Int
    /// API requests the backend received during the load (relative to the baseline).
    package var seenByBackend: Int
    /// API requests still held at the decision (relative to the baseline).
    package var stillHeld: Int
    /// Seconds from the last hang-up to the release of every upstream request (PASS only).
    package var releaseSeconds: Double?
    /// Seconds from the last hang-up to the decision.
    var decidedAfterHangUpSeconds: Double?
    /// Upstream requests that arrived after the last client had hung up (retries, fallbacks, late
    /// forwarding): work for nobody. Nil when the backend could not say.
    package var startedAfterHangUp: Int?

    /// A verdict; see the properties for meanings.
    package init(
        kind: VerdictKind, reason: String, abandoned: Int, seenByBackend: Int, stillHeld: Int,
        releaseSeconds: Double? = nil, decidedAfterHangUpSeconds: Double? = nil,
        startedAfterHangUp: Int? = nil
    ) {
        self.kind = kind
        self.reason = reason
        self.abandoned = abandoned
        self.seenByBackend = seenByBackend
        self.stillHeld = stillHeld
        self.releaseSeconds = releaseSeconds
        self.decidedAfterHangUpSeconds = decidedAfterHangUpSeconds
        self.startedAfterHangUp = startedAfterHangUp
    }

    /// Upstream requests per abandoned client: 1 when each abandoned request reached the backend once.
    package var amplification: Double? {
        abandoned > 0 ? Double(seenByBackend) / Double(abandoned) : nil
    }

    /// The exit status: the verdict's own code, or with an expectation 0 matched, 1 not, 2 inconclusive,
    /// 3 not served.
    package func exitCode(expecting expectation: VerdictExpectation?) -> Int32 {
        guard let expectation, kind.isMeasured else { return kind.exitCode }
        return kind == expectation.expectedKind ? 0 : 1
    }

    /// `VERDICT: LEAK 10 upstream requests ...`: always the last line a run prints.
    package var line: String { "VERDICT: \(kind.rawValue) \(reason)" }
}
