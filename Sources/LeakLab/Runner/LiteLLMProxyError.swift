/// Why the LiteLLM proxy could not be started or did not become healthy.
public enum LiteLLMProxyError: Error, Sendable, CustomStringConvertible {
    /// The host is not a loopback address.
    case notLoopback(String)
    /// The `litellm` process could not start.
    case cannotStart(ChildProcessError)
    /// The proxy exited before it was healthy.
    case exitedEarly(status: ChildProcess.ExitStatus, log: String, logTail: String)
    /// The proxy did not become healthy in time.
    case notHealthy(timeout: Duration, log: String, logTail: String)

    /// What failed, what to do, and the end of the proxy's log.
    public var description: String {
        switch self {
        case .notLoopback(let host):
            return "refusing to run the LiteLLM proxy on \(host): only loopback addresses (127.0.0.1, ::1,"
                + " localhost) are allowed, so the lab never exposes it"
        case .cannotStart(let error):
            return "cannot start the LiteLLM proxy: \(error)"
        case .exitedEarly(let status, let log, let logTail):
            return
                "the LiteLLM proxy exited with \(status) before it was healthy; last lines of \(log):\n\(logTail)"
        case .notHealthy(let timeout, let log, let logTail):
            return "the LiteLLM proxy was not healthy within \(timeout); last lines of \(log):\n\(logTail)"
        }
    }
}
