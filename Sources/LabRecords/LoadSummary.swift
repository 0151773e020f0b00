import LabCore

/// What the load client did, written as JSON for the collector and for people.
package struct LoadSummary: Codable, Sendable, Equatable {
    /// The URL the requests went to.
    package var target: String
    /// Requests planned.
    package var requests: Int
    /// The per-request timeout, seconds.
    package var timeoutSeconds: Double
    /// How requests were given up on: `timeout`, `reset` or `after-tokens K`.
    /// (`ClientBehaviour`'s description; the load client always sets it.)
    package var behaviour = "timeout"
    /// Whether the requests asked for a stream.
    package var stream = false
    /// The signal that stopped the load client before its requests ended (`SIGTERM`); nil when it ran to
    /// its end (and in summaries from before it was recorded).
    package var stoppedBy: String?
    /// Requests whose bytes were fully written.
    package var sent = 0
    /// Requests abandoned at the timeout with an orderly close (FIN), whatever the behaviour.
    package var timedOut = 0
    /// Requests aborted at the timeout with a reset (RST): behaviour `reset`.
    package var reset = 0
    /// Requests left as soon as K content chunks had arrived: behaviour `after-tokens K`.
    package var leftAfterChunks = 0
    /// Server-sent events received over all requests, content or not.
    package var chunksReceived = 0
    /// What the abandoned requests had received when their clients gave up; nil in summaries written
    /// before the load client counted it.
    package var receivedWhenAbandoned: ReceivedWhenAbandoned?
    /// Requests answered before the timeout, by status code.
    package var answered: [String: Int] = [:]
    /// Why the target answered with a server error, in its own words: the first line of the first answer
    /// with a status of 500 or more whose body said anything (see `ProxyErrorLine.first(inBody:)`). Nil when
    /// no such answer came, and in summaries written before the load client kept it.
    package var serverErrorLine: String?
    /// Requests whose connection could not be made.
    package var connectErrors = 0
    /// Other failures (reset, closed without an answer), by message.
    package var otherErrors: [String: Int] = [:]
    /// When the first connection was opened, Unix seconds.
    package var startedAt: Double
    /// When the first and last request were fully sent, Unix seconds.
    package var firstSentAt: Double?
    /// See `firstSentAt`.
    package var lastSentAt: Double?
    /// When the client gave up on its first request, whatever the behaviour, Unix seconds.
    package var firstHangUpAt: Double?
    /// When the client gave up on its last abandoned request, Unix seconds: the grace window starts here.
    package var lastHangUpAt: Double?
    /// When every request had ended, Unix seconds.
    package var finishedAt: Double?

    /// An empty summary for a plan about to run.
    package init(target: String, requests: Int, timeoutSeconds: Double, startedAt: Double) {
        self.target = target
        self.requests = requests
        self.timeoutSeconds = timeoutSeconds
        self.startedAt = startedAt
    }

    /// Seconds between the first and the last request sent.
    package var launchWindowSeconds: Double? {
        guard let firstSentAt, let lastSentAt else { return nil }
        return lastSentAt - firstSentAt
    }

    /// Requests the client gave up on, whatever the behaviour: timed out, reset, or left after K content chunks.
    package var abandoned: Int { timedOut + reset + leftAfterChunks }

    /// Total requests answered, whatever the status.
    var answeredCount: Int { answered.values.reduce(0, +) }

    /// Requests answered with a server error: a status of 500 or more.
    package var answeredWithServerError: Int {
        answered.filter { (Int($0.key) ?? 0) >= 500 }.values.reduce(0, +)
    }

    /// One line for people, e.g. `10 sent, 10 timed out and hung up, 0 answered, launched within 2.1 ms`.
    package var oneLine: String {
        var parts = ["\(sent) sent", "\(timedOut) timed out and hung up", "\(answeredCount) answered"]
        if !answered.isEmpty {
            parts[2] +=
                " ("
                + answered.sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key)" }.joined(separator: ", ")
                + ")"
        }
        if reset > 0 { parts.append("\(reset) reset at the timeout") }
        if leftAfterChunks > 0 { parts.append("\(leftAfterChunks) left mid-stream (\(behaviour))") }
        if stream || chunksReceived > 0 {
            parts.append("\(chunksReceived) events received")
            if let received = receivedWhenAbandoned?.oneLine { parts.append(received) }
        }
        if connectErrors > 0 { parts.append("\(connectErrors) could not connect") }
        for (message, count) in otherErrors.sorted(by: { $0.key < $1.key }) {
            parts.append("\(count) \(message)")
        }
        if let window = launchWindowSeconds { parts.append("launched within \(Format.milliseconds(window))") }
        return parts.joined(separator: ", ")
    }
}
