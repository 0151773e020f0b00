import LabVerdict

extension VerdictRules {
    /// Reads `--grace`, `--settle` and `--observe`, the rules every command that decides a verdict takes.
    package mutating func read(_ options: inout CommandOptions) throws(UsageError) {
        grace = try options.seconds("--grace", default: grace, in: 0...3600)
        settle = try options.seconds("--settle", default: settle, in: 0...3600)
        observe = try options.seconds("--observe", default: observe, in: 0...86_400)
    }

    /// `--grace`, `--settle` and `--observe` where they differ from the defaults: what ``read(_:)`` reads back.
    package var arguments: [String] {
        let defaults = VerdictRules()
        var words = OptionWords()
        words.add("--grace", grace, unless: defaults.grace)
        words.add("--settle", settle, unless: defaults.settle)
        words.add("--observe", observe, unless: defaults.observe)
        return words.words
    }

    /// What `--help` says of ``read(_:)``'s options.
    package static let optionsHelp: [OptionHelp] = [
        .init("--grace", "SECONDS", "how long upstream requests may take to be released (default 3)"),
        .init(
            "--settle", "SECONDS",
            "after the release, how long nothing may be held or start again before PASS (default 2: long enough"
                + " to see LiteLLM's router retry at once), plus twice the proxy's slowest forward in the run"
        ),
        .init(
            "--observe", "SECONDS",
            "keep measuring this long after the grace window, to report the whole life of a leak (every upstream"
                + " request it caused, when the last one ended)"),
    ]
}
