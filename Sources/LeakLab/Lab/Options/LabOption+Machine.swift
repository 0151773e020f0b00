extension LabOption {
    /// The options of ``LabSettings/Machine``: ports, the runs folder, and how much runs at once.
    static let machineOptions: [LabOption] = [
        LabOption(
            [
                .init(
                    "--prefetch", "N",
                    "install up to N builds at once ahead of their turn while an earlier one is measured (default 2:"
                        + " both releases a bisect may measure next; 0: each in its turn)")
            ], for: searching, carried: false,
            read: { options, settings throws(UsageError) in
                settings.machine.installsAhead = try options.integer(
                    "--prefetch", default: settings.machine.installsAhead, in: 0...16)
            },
            words: { settings in integerWords("--prefetch", settings, \.installsAhead) }),
        LabOption(
            [
                .init(
                    "--versions-at-once", "N",
                    "measure N builds at once (default 1), each proxy on a port the lab chooses; their measurements"
                        + " share the machine's cores, so on a small machine more at once is not faster"
                        + " (docs/benchmarks.md)")
            ], for: searching, carried: false,
            read: { options, settings throws(UsageError) in
                settings.machine.versionsAtOnce = try options.integer(
                    "--versions-at-once", default: settings.machine.versionsAtOnce, in: 1...16)
            },
            words: { settings in integerWords("--versions-at-once", settings, \.versionsAtOnce) }),
        LabOption(
            [.init("--backend-port", "N", "fake backend port on 127.0.0.1 (default 5001; 0: any free one)")],
            for: measuring, carried: false,
            nativeOnly: "--backend-port and --proxy-port: compose's services have their own network",
            read: { options, settings throws(UsageError) in
                settings.machine.backendPort = try options.integer(
                    "--backend-port", default: settings.machine.backendPort, in: 0...65_535)
            },
            words: { settings in integerWords("--backend-port", settings, \.backendPort) }),
        LabOption(
            [
                .init(
                    "--proxy-port", "N",
                    "LiteLLM port on 127.0.0.1 (default 4000; 0: the lab chooses a free one)")
            ],
            for: measuring, carried: false,
            nativeOnly: "--backend-port and --proxy-port: compose's services have their own network",
            read: { options, settings throws(UsageError) in
                settings.machine.proxyPort = try options.integer(
                    "--proxy-port", default: settings.machine.proxyPort, in: 0...65_535)
            },
            words: { settings in integerWords("--proxy-port", settings, \.proxyPort) }),
        LabOption(
            [.init("--runs-dir", "DIR", "where run folders go (default lab-runs)")], for: measuring,
            carried: false,
            nativeOnly: "--runs-dir: give compose-lab.sh --out DIR instead",
            read: { options, settings throws(UsageError) in
                settings.machine.runsRoot = try options.string("--runs-dir") ?? settings.machine.runsRoot
            },
            words: { settings in
                settings.machine.runsRoot == LabSettings.Machine().runsRoot
                    ? [] : ["--runs-dir", settings.machine.runsRoot]
            }),
    ]

    /// `name N` when the machine setting at `path` differs from its default.
    private static func integerWords(
        _ name: String, _ settings: LabSettings, _ path: KeyPath<LabSettings.Machine, Int> & Sendable
    ) -> [String] {
        var words = OptionWords()
        words.add(name, settings.machine[keyPath: path], unless: LabSettings.Machine()[keyPath: path])
        return words.words
    }
}
