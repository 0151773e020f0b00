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
