/// How the load client gives up on each request (`--behaviour`).
public enum ClientBehaviour: Equatable, Sendable, CustomStringConvertible {
    /// Close the connection in order (FIN) at the timeout, as `curl --max-time` does.
    case timeout
    /// Abort at the timeout with `SO_LINGER` 0, so the peer sees a reset (RST), not a FIN.
    case reset
    /// Close in order as soon as this many server-sent events of the body have arrived, else at the timeout.
    case afterChunks(Int)

    /// `timeout`, `reset` or `after-chunks K`, as the option is written.
    public var description: String {
        switch self {
        case .timeout: "timeout"
        case .reset: "reset"
        case .afterChunks(let count): "after-chunks \(count)"
        }
    }
}
