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
    /// The arrival token its body carried (`ArrivalToken`): how a load client that leaves a fixed time after
    /// its request reached the backend learns when that was. Nil for a request that carried none.
    package var arrivalToken: String?

    /// A record; see the properties for meanings.
    package init(
        id: Int, method: String, path: String, stream: Bool, startedAt: Double, endedAt: Double? = nil,
        outcome: RequestOutcome, chunks: Int = 0, bytes: Int = 0, slotAt: Double? = nil, probe: Bool? = nil
    ) {
        self.id = id
        self.method = method
        self.path = path
        self.stream = stream
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.chunks = chunks
        self.bytes = bytes
        self.slotAt = slotAt
        self.probe = probe
    }
}
