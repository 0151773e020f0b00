import LabRecords

/// The few ways a cell is named, shared by every renderer so a cell reads the same in each.
extension ReportCell {
    /// The proxy start this cell ran on:
    /// `1.61.20 + gunicorn-w2 + general_settings.cancel_on_disconnect=true + uvicorn==0.32.1 + resolved as of 2025-02-20`.
    ///
    /// Also the key of the cell's config in ``LabReport/configs``.
    package var proxyLabel: String {
        Self.proxyLabel(build: buildName, server: server, settings: settings, dependencies: dependencies)
    }

    /// The install this cell ran on: `1.61.20 + uvicorn==0.32.1`, the key of its packages in
    /// ``LabEnvironment/packages``.
    package var installLabel: String {
        Self.installLabel(build: buildName, dependencies: dependencies)
    }

    /// The build's name (``LiteLLMBuild/name``): the version for a release (and in reports from before
    /// builds), `1.61.20-src-1a2b3c4d` for a source tree, `1.61.20-whl-1a2b3c4d` for a wheel.
    package var buildName: String { build?.name ?? version }

    /// The overrides, date and constraints this cell's LiteLLM was installed with.
    package var dependencies: LiteLLMDependencies {
        LiteLLMDependencies(
            overrides: pins, resolveAsOf: resolveAsOf, constraintsFile: constraints, lockFile: lockFile)
    }

    /// The label of a proxy start of the LiteLLM build named `build` (``LiteLLMBuild/name``) under `server`
    /// (nil: the default) with `settings` and `dependencies`, before any cell exists.
    package static func proxyLabel(
        build: String, server: String? = nil, settings: [String], dependencies: LiteLLMDependencies
    ) -> String {
        proxyParts(build: build, server: server, settings: settings, dependencies: dependencies)
            .joined(separator: " + ")
    }

    /// The label of an install of the build named `build` with `dependencies`: the build, then what was chosen.
    package static func installLabel(build: String, dependencies: LiteLLMDependencies) -> String {
        proxyParts(build: build, server: nil, settings: [], dependencies: dependencies).joined(
            separator: " + ")
    }

    /// The verdict in a few words: `LEAK 10/10 held`, `LEAK 10 held` when the backend's count is unknown,
    /// `LEAK 10/20 held, 10 late` when upstream requests started after the hang-up, `PASS` or `INCONCLUSIVE`.
    package var verdictSummary: String {
        guard verdict == .leak, let held = cost?.heldRequests else { return verdict.rawValue }
        let summary = seenByBackend.map { "LEAK \(held)/\($0) held" } ?? "LEAK \(held) held"
        guard let late = cost?.startedAfterHangUp, late > 0 else { return summary }
        return summary + ", \(late) late"
    }

    /// ✅ when the verdict matched its expectation, ❌ when not, nil when nothing was expected.
    var expectationMark: String? {
        matched.map { $0 ? "✅" : "❌" }
    }

    /// A file name for this cell's chart, unique per build, settings, dependencies and scenario and safe in any
    /// shell or URL: `timeline-1.110.2+general_settings.cancel_on_disconnect=true-chat.svg`.
    var chartFileName: String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._=+-")
        let stem = (proxyParts.joined(separator: "+") + "-" + scenario)
            .map { allowed.contains($0) ? $0 : "_" }
        return "timeline-" + String(stem) + ".svg"
    }

    /// What makes a proxy start: the build, its server, its settings, then its overrides, date and
    /// constraints.
    var proxyParts: [String] {
        Self.proxyParts(build: buildName, server: server, settings: settings, dependencies: dependencies)
    }

    private static func proxyParts(
        build: String, server: String?, settings: [String], dependencies: LiteLLMDependencies
    ) -> [String] {
        [build] + (server.map { [$0] } ?? []) + settings + dependencies.overrides
            + (dependencies.resolveAsOf.map { ["resolved as of \($0)"] } ?? [])
            + (dependencies.constraintsFile.map { ["constraints \($0)"] } ?? [])
            + (dependencies.lockFile.map { ["lock \($0)"] } ?? [])
    }
}
