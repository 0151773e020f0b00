import LabBackend
import LabCore

extension FakeBackend.Configuration {
    /// Reads `fake-backend`'s options (`--port` is the caller's: `--healthcheck` needs it alone), with their
    /// environment variables.
    package static func read(_ options: inout CommandOptions, port: Int) throws(UsageError) -> Self {
        var configuration = Self(port: port)
        configuration.host = try options.string("--host", env: "BACKEND_HOST") ?? configuration.host
        configuration.hold = try options.seconds(
            "--hold", env: "HOLD_SECONDS", default: configuration.hold, in: 0...31_536_000)
        configuration.behaviour =
            try options.choice("--behaviour", env: "BACKEND_BEHAVIOUR", as: BackendBehaviour.self)
            ?? configuration.behaviour
        let timeline = configuration.timeline
        configuration.timeline = .init(
            timeToFirstToken: .milliseconds(
                try options.integer(
                    "--ttft", env: "TTFT_MS", default: milliseconds(timeline.timeToFirstToken),
                    in: 0...3_600_000)),
            tokenInterval: .milliseconds(
                try options.integer(
                    "--token-interval", env: "TOKEN_INTERVAL_MS",
                    default: milliseconds(timeline.tokenInterval),
                    in: 1...3_600_000)),
            tokens: try options.integer(
                "--tokens", env: "ANSWER_TOKENS", default: timeline.tokens, in: 1...1_000_000))
        configuration.statusInterval = try options.seconds(
            "--status-interval", default: configuration.statusInterval, in: 0...86_400)
        configuration.limits.maxBodyBytes = try options.integer(
            "--max-body-bytes", default: configuration.limits.maxBodyBytes, in: 0...1_073_741_824)
        configuration.slots = try SlotQueue.Limits.read(&options, environment: true)
        return configuration
    }

    /// The `fake-backend` options that start a backend configured like this one: host and port always, the
    /// rest where they differ from the defaults.
    package var arguments: [String] {
        let defaults = Self()
        var words = OptionWords()
        words.add("--host", host)
        words.add("--port", String(port))
        words.add("--hold", hold, unless: defaults.hold)
        if behaviour != defaults.behaviour { words.add("--behaviour", behaviour.rawValue) }
        words.add(
            "--ttft", Self.milliseconds(timeline.timeToFirstToken),
            unless: Self.milliseconds(defaults.timeline.timeToFirstToken))
        words.add(
            "--token-interval", Self.milliseconds(timeline.tokenInterval),
            unless: Self.milliseconds(defaults.timeline.tokenInterval))
        words.add("--tokens", timeline.tokens, unless: defaults.timeline.tokens)
        words.add("--status-interval", statusInterval, unless: defaults.statusInterval)
        words.add("--max-body-bytes", limits.maxBodyBytes, unless: defaults.limits.maxBodyBytes)
        if let slots {
            words.add("--slots", String(slots.slots))
            words.add("--queue-limit", slots.queueLimit.map(String.init))
        }
        return words.words
    }

    /// Whole milliseconds, as the options take them.
    private static func milliseconds(_ duration: Duration) -> Int {
        Int((duration.seconds * 1000).rounded())
    }
}
