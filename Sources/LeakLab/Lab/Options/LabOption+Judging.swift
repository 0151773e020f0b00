import LabVerdict

extension LabOption {
    /// The options of ``LabSettings/Judging``: the verdict expected, its rules, and repeats.
    static let judgingOptions: [LabOption] = [
        LabOption(
            [
                .init(
                    "--expect", "WHAT",
                    "leak or no-leak (env LAB_EXPECT): exit 0 when the verdict matches, 1 when not, 2 inconclusive"
                )
            ], for: measuring,
            read: { options, settings throws(UsageError) in
                settings.judging.expectation = try options.choice(
                    "--expect", env: "LAB_EXPECT", as: VerdictExpectation.self)
            },
            words: { settings in settings.judging.expectation.map { ["--expect", $0.rawValue] } ?? [] }),
        LabOption(
            VerdictRules.optionsHelp, for: measuring,
            read: { options, settings throws(UsageError) in try settings.judging.rules.read(&options) },
            words: { settings in settings.judging.rules.arguments }),
        .integer(
            .init(
                "--repeat", "N",
                "measure the direct control and the proxy N times each; the verdict stands only if all N agree,"
                    + " else INCONCLUSIVE (make soak uses this)"),
            for: [.run], nativeOnly: "--repeat: `make soak` repeats natively", \.judging.repeats, in: 1...1000
        ),
    ]
}
