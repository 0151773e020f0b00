#if canImport(Glibc)
    import Glibc
#endif

/// Fires a `LoadPlan`'s requests all at once on one event loop and hangs up each at its timeout.
///
/// Hanging up means closing the TCP connection, exactly what `curl --max-time` does when it gives up.
///
/// ```swift
/// let summary = try LoadClient.run(LoadPlan(target: try HTTPURL(parsing: "http://127.0.0.1:5001/v1/chat/completions")))
/// ```
public enum LoadClient {
    /// Runs the plan to the end: every request answered, failed, or abandoned at its timeout.
    public static func run(_ plan: LoadPlan, progress: LineWriter? = nil) throws -> LoadSummary {
        let address = try SocketAddress.resolve(host: plan.target.host, port: plan.target.port)
        let loop = try EventLoop()
        let tracker = LoadTracker(plan: plan, loop: loop)
        let bytes = plan.requestBytes
        progress?.write("firing \(plan.requests) requests at \(plan.target), hanging up after \(plan.timeout.seconds) s")
        for _ in 0..<plan.requests {
            let request = LoadRequest(tracker: tracker, bytes: bytes)
            request.launch(to: address, deadline: Clock.monotonicNanoseconds() + plan.timeout.nanoseconds)
        }
        if !tracker.isFinished { try loop.run() }
        var summary = tracker.summary
        summary.finishedAt = Clock.unixSeconds()
        progress?.write("load finished: \(summary.oneLine)")
        return summary
    }
}

/// Collects each request's ending into the summary and stops the loop after the last one.
final class LoadTracker {
    let loop: EventLoop
    private(set) var summary: LoadSummary
    private var pending: Int

    init(plan: LoadPlan, loop: EventLoop) {
        self.loop = loop
        summary = LoadSummary(
            target: plan.target.description, requests: plan.requests, timeoutSeconds: plan.timeout.seconds,
            startedAt: Clock.unixSeconds())
        pending = plan.requests
    }

    var isFinished: Bool { pending == 0 }

    func sent() {
        let now = Clock.unixSeconds()
        summary.sent += 1
        if summary.firstSentAt == nil { summary.firstSentAt = now }
        summary.lastSentAt = now
    }

    func ended(_ ending: LoadRequest.Ending) {
        switch ending {
        case .answered(let status): summary.answered[String(status), default: 0] += 1
        case .timedOut:
            summary.timedOut += 1
            summary.lastHangUpAt = Clock.unixSeconds()
        case .connectFailed: summary.connectErrors += 1
        case .failed(let message): summary.otherErrors[message, default: 0] += 1
        }
        pending -= 1
        if pending == 0 { loop.stop() }
    }
}
