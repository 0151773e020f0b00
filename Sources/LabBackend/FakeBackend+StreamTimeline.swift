import LabCore

extension FakeBackend.Configuration {
    /// When a stream's content goes out, as a model server generates it (`--ttft`, `--token-interval`, `--tokens`).
    ///
    /// Timers run only while tokens flow: a stream stalled at any point costs no CPU while it is held.
    package struct StreamTimeline: Sendable, Equatable {
        /// From the request's arrival (and the opening events) to the first content token; default 200 ms.
        package var timeToFirstToken: Duration
        /// Between two content tokens; default 50 ms (20 tokens a second).
        package var tokenInterval: Duration
        /// Content tokens in a whole answer, at least 1; default 11, the canned answer's words.
        ///
        /// A `mid-stream` stall goes on past them (the words repeat) until the hold ends.
        package var tokens: Int

        /// The defaults, with any of them overridden; `tokens` below 1 counts as 1.
        package init(
            timeToFirstToken: Duration = .milliseconds(200), tokenInterval: Duration = .milliseconds(50),
            tokens: Int = 11
        ) {
            self.timeToFirstToken = timeToFirstToken
            self.tokenInterval = tokenInterval
            self.tokens = max(1, tokens)
        }
    }
}

extension FakeBackend.Configuration {
    /// What streams do, for logs: e.g. `stall at first-token, first token after 200.0 ms, then one every
    /// 50.0 ms, 11 in an answer`.
    package var streamDescription: String {
        let stall = behaviour == .answer ? "no stall" : "stall at \(behaviour.rawValue)"
        return "\(stall), first token after \(Format.milliseconds(timeline.timeToFirstToken.seconds)), "
            + "then one every \(Format.milliseconds(timeline.tokenInterval.seconds)), \(timeline.tokens) in an answer"
    }
}
