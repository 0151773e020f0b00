/// How the load client gives up on each request (`--behaviour`).
public enum ClientBehaviour: Equatable, Sendable, CustomStringConvertible {
    /// Close the connection in order (FIN) at the timeout, as `curl --max-time` does.
    case timeout
    /// Abort at the timeout with `SO_LINGER` 0, so the peer sees a reset (RST), not a FIN.
    case reset
    /// Close in order as soon as this many content chunks (events carrying model text in the API's format)
    /// have arrived, else at the timeout; opening and closing events do not count.
    case afterContentChunks(Int)

    /// `timeout`, `reset` or `after-tokens K`, as the option is written.
    public var description: String {
        switch self {
        case .timeout: "timeout"
        case .reset: "reset"
        case .afterContentChunks(let count): "after-tokens \(count)"
        }
    }
}

/// When a load client's timeout starts (`--timeout-from`).
///
/// A wall-clock client (`sending`) leaves a fixed time after its request started going out to the proxy,
/// whatever the proxy did with it meanwhile, as the original report's `curl --max-time` does. An arrival
/// client (`arrival`) leaves a fixed time after *its own* request reached the backend through the proxy (each
/// request carries a token in its prompt, and the backend answers `GET /arrivals?token=T` when it arrives), so
/// a proxy slow to forward delays the client instead of making it leave a request never forwarded; a request
/// whose arrival never becomes known is left at the plan's arrival limit.
public enum TimeoutStart: String, Sendable, CaseIterable {
    /// From when the request starts going out (the default, `curl --max-time`).
    case sending
    /// From when the request reached the backend.
    case arrival
}
