import LabCore

/// What the load client did, written as JSON for the collector and for people.
package struct LoadSummary: Codable, Sendable, Equatable {
    /// The URL the requests went to.
    package var target: String
    /// Requests planned.
    package var requests: Int
    /// The per-request timeout, seconds: from when the request started going out, or, for an arrival client
    /// (`arrivalLimitSeconds` set), from that request's arrival at the backend.
    package var timeoutSeconds: Double
    /// How requests were given up on: `timeout`, `reset` or `after-tokens K`.
    /// (`ClientBehaviour`'s description; the load client always sets it.)
    package var behaviour = "timeout"
    /// For a client whose timeout starts at its request's arrival at the backend (`--timeout-from arrival`):
    /// how long after a request was sent it is given up on anyway when its arrival never became known (the
    /// safety limit), seconds; nil for a wall-clock client, whose timeout starts as the request goes out.
    package var arrivalLimitSeconds: Double?
    /// For an arrival client: the requests the backend said had arrived.
    package var arrived: Int?
    /// For an arrival client: the requests abandoned at the safety limit
    /// because their arrival never became known (they never reached the backend, or it could not be asked).
    package var leftBeforeArrival: Int?
    /// For an arrival client: the requests whose backend could not say when they arrived (it answered
    /// `GET /arrivals` with an error, or could not be reached), which left at their wall-clock timeout instead;
    /// nil when there were none.
    package var arrivalUnavailable: Int?
    /// Why the backend could not say, the first time it could not.
    package var arrivalUnavailableReason: String?
    /// For an arrival client: the longest time between a request going out
    /// and its arrival at the backend, seconds: how slow the proxy was to forward.
    package var slowestArrivalSeconds: Double?
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

    /// Whether the clients' timeout started at their request's arrival at the backend, not as it went out.
    package var leavesAfterArrival: Bool { arrivalLimitSeconds != nil }

    /// When the clients left, for a verdict's reason and a report cell: e.g. `clients left 1.00 s after their
    /// request reached the backend` or `clients gave up at their 1.00 s timeout`.
    package var leaving: String {
        let timeout = Format.seconds(timeoutSeconds)
        let how = behaviour == "reset" ? "reset" : "left"
        let chunks =
            behaviour.hasPrefix("after-tokens ")
            ? "after \(behaviour.dropFirst("after-tokens ".count)) content chunks, else " : ""
        guard let limit = arrivalLimitSeconds else {
            if chunks.isEmpty {
                return "clients \(how == "reset" ? "reset" : "gave up") at their \(timeout) timeout"
            }
            return "clients left \(chunks)at their \(timeout) timeout"
        }
        var line = "clients \(how) \(chunks)\(timeout) after their request reached the backend"
        if let slowest = slowestArrivalSeconds {
            line += ", which the slowest did \(Format.seconds(slowest)) after it was sent"
        }
        if let unavailable = arrivalUnavailable, unavailable > 0 {
            line +=
                "; \(unavailable) \(how) at their \(timeout) timeout instead, as the backend could not say when "
                + "they arrived (\(arrivalUnavailableReason ?? "no answer"))"
        }
        if let missing = leftBeforeArrival, missing > 0 {
            line +=
                "; \(missing) never reached it within their \(Format.seconds(limit)) limit and \(how) then"
        }
        return line
    }

    /// One line for people, e.g. `10 sent, 10 timed out and hung up, 0 answered, launched within 2.1 ms`.
    package var oneLine: String {
        let gaveUp =
            leavesAfterArrival
            ? "\(timedOut + reset - (leftBeforeArrival ?? 0) - (arrivalUnavailable ?? 0)) left "
                + "\(Format.seconds(timeoutSeconds)) after arriving"
                + ((leftBeforeArrival ?? 0) > 0 ? ", \(leftBeforeArrival ?? 0) never arrived" : "")
                + ((arrivalUnavailable ?? 0) > 0
                    ? ", \(arrivalUnavailable ?? 0) left at their timeout (arrival unknown)" : "")
            : "\(timedOut) timed out and hung up"
        var parts = ["\(sent) sent", gaveUp, "\(answeredCount) answered"]
        if !answered.isEmpty {
            parts[2] +=
                " ("
                + answered.sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key)" }.joined(separator: ", ")
                + ")"
        }
        if reset > 0 { parts.append("\(reset) reset" + (leavesAfterArrival ? "" : " at the timeout")) }
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
