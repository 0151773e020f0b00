extension LabOption {
    /// The options of ``LabSettings/Machine``: ports, the runs folder, and how much runs at once.
    static let machineOptions: [LabOption] = [
        .integer(
            .init(
                "--prefetch", "N",
                "install up to N builds at once ahead of their turn while an earlier one is measured (default 2;"
                    + " 0: each in its turn); a bisect measuring as many releases a round as the machine has cores"
                    + " installs none ahead"),
            for: searching, carried: false, \.machine.installsAhead, in: 0...16),
        .integer(
            .init(
                "--versions-at-once", "N",
                "measure N builds at once (default: one per core, up to 4; a LiteLLM proxy uses one core), each"
                    + " proxy on a port the lab chooses; their measurements share the machine's cores"
                    + " (docs/benchmarks.md)"),
            for: searching, carried: false, \.machine.versionsAtOnce, in: 1...16),
        .integer(
            .init("--backend-port", "N", "fake backend port on 127.0.0.1 (default 5001; 0: any free one)"),
            for: measuring, carried: false, nativeOnly: ports, \.machine.backendPort, in: 0...65_535),
        .integer(
            .init(
                "--proxy-port", "N", "LiteLLM port on 127.0.0.1 (default 4000; 0: the lab chooses a free one)"
            ),
            for: measuring, carried: false, nativeOnly: ports, \.machine.proxyPort, in: 0...65_535),
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

    private static let ports = "--backend-port and --proxy-port: compose's services have their own network"
}
