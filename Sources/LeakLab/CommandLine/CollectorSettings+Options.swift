import LabCore
import LabVerdict

extension Collector.Settings {
    /// Reads the collector's settings: `--backend` (or `BACKEND_URL`), the expectation, the verdict rules, the
    /// patience for the load, the sampling interval and the label.
    package static func read(_ options: inout CommandOptions) throws(UsageError) -> Self {
        guard let backend = try options.url("--backend", env: "BACKEND_URL") else {
            throw UsageError("--backend URL (or BACKEND_URL) is required, e.g. http://127.0.0.1:5001")
        }
        var settings = Self(backend: backend)
        settings.expectation = try options.choice("--expect", as: VerdictExpectation.self)
        try settings.rules.read(&options)
        settings.rules.loadPatience = try options.seconds(
            "--load-patience", default: settings.rules.loadPatience, in: 1...86_400)
        settings.interval = try options.seconds("--interval", default: settings.interval, in: 0.01...60)
        settings.label = try options.string("--label") ?? settings.label
        return settings
    }

    /// The `collector` options that decide with these settings: the backend always, the rest where they
    /// differ from the defaults.
    package var arguments: [String] {
        let defaults = Self(backend: backend)
        var words = OptionWords()
        words.add("--backend", backend.description)
        words.add("--expect", expectation?.rawValue)
        words.append(rules.arguments)
        words.add("--load-patience", rules.loadPatience, unless: defaults.rules.loadPatience)
        words.add("--interval", interval, unless: defaults.interval)
        if label != defaults.label { words.add("--label", label) }
        return words.words
    }
}
