import Foundation
import LabCore
import LabInstalls
import LabRecords
import LabVerdict

/// `lab bisect`: finds the first LiteLLM release whose verdict, for one scenario and settings, differs
/// from the older end's, in as few rounds as a search measuring `--versions-at-once` releases a round needs.
public struct LabBisect {
    private let settings: LabSettings
    private let good: String
    private let bad: String
    private let output: LineWriter
    private let interruption: LabInterruption

    /// A search between releases `good` and `bad` (either order) for `settings.load.scenario` and `settings.proxy.configSettings`.
    public init(
        settings: LabSettings, good: String, bad: String, output: LineWriter, interruption: LabInterruption
    ) {
        self.settings = settings
        self.good = good
        self.bad = bad
        self.output = output
        self.interruption = interruption
    }

    /// Runs the search; exit status 0 with an answer, 2 when the ends do not differ or cannot be measured.
    public func run() throws -> Int32 {
        let installer = LiteLLMInstaller()
        // uv is installed while PyPI is asked for the releases: the first round's installs need it.
        let uvInstall = DispatchGroup()
        DispatchQueue.global().async(group: uvInstall) { [output] in
            installer.prepareUvAhead { output.write("[bisect] \($0)") }
        }
        defer { uvInstall.wait() }
        // PyPI is asked once: for the releases between the ends, and for the newest when an end is `latest`.
        let published = try installer.publishedVersions(log: "/dev/null", progress: say)
        let ends = try [good, bad].map { word in
            let version = try installer.resolve(word, published: published, log: "/dev/null", progress: say)
            if let refusal = version.refusal { throw LiteLLMInstallError.refused(refusal) }
            return version
        }
        .sorted()
        let (older, newer) = (ends[0], ends[1])
        var releases: [LiteLLMVersion] = []
        for release in published where release >= older && release <= newer {
            if let refusal = release.refusal {
                say("skipping \(release): refused (\(refusal))")
            } else {
                releases.append(release)
            }
        }
        try settings.ensureChosenPortsFree(includingBackend: false)
        let executor = try ExperimentExecutor(
            settings: settings, label: "bisect-\(settings.load.scenario.name)", prefix: "bisect",
            output: output,
            interruption: interruption)
        let (folder, events) = (executor.folder, executor.events)
        defer { executor.close() }
        func proxy(_ version: LiteLLMVersion) -> LiteLLMUnderTest {
            LiteLLMUnderTest(build: .release(version), settings: settings)
        }
        events.say(
            "\(releases.count) releases from \(older) to \(newer), scenario \(settings.load.scenario.name)"
                + (settings.proxy.configSettings.isEmpty
                    ? "" : ", settings \(settings.proxy.configSettings.joined(separator: " "))"))
        /// Measures `versions` at once (`--versions-at-once`), one cell each.
        func probe(_ versions: [LiteLLMVersion]) throws -> [BisectSearch.Outcome] {
            defer { try? executor.recorder.write(into: folder) }
            do {
                // The newest first: a round's biggest install and slowest start (1.110.2: 130 MB, 15 to 18 s).
                let newestFirst = Array(versions.reversed())
                let plan = ExperimentPlan(
                    proxies: newestFirst.map(proxy), scenarios: [settings.load.scenario], layout: .grid)
                return try zip(newestFirst, executor.run(plan)).reversed().map { version, cell in
                    let report = cell.report
                    events.say("\(version): \(report.verdict.rawValue)")
                    return report.verdict.isMeasured
                        ? .success(report.verdict)
                        : .failure(
                            .init(description: "\(report.verdict.rawValue.lowercased()): \(report.reason)"))
                }
            } catch let interrupted as LabInterrupted {
                throw interrupted
            } catch {
                events.say("\(versions.map(\.description).joined(separator: ", ")): skipped, \(error)")
                return versions.map { _ in .failure(.init(description: "\(error)")) }
            }
        }
        let width = settings.machine.versionsAtOnce
        // A round as wide as the cores leaves none for making the next round's releases ready (up to width ×
        // (width + 1) of them, of which width are measured): from empty caches on 2 cores, two a round took 185.5 s
        // installing them ahead, 147.4 s only resolving their locks ahead, 132.8 s doing neither.
        let ahead = width < ProcessInfo.processInfo.activeProcessorCount
        let answer = try BisectSearch.run(
            releases: releases, width: width,
            ahead: { if ahead { executor.installsAhead.want($0.map(proxy)) } },
            probe: probe)
        guard
            case .found(
                let lastLikeOlder, let firstLikeNewer, let olderVerdict, let newerVerdict, let steps,
                let rounds) =
                answer
        else {
            events.say("the two ends must be measurable and differ: nothing to search (see \(folder.path))")
            return VerdictKind.inconclusive.exitCode
        }
        for case .skipped(let version, let reason) in steps {
            events.say("skipped \(version): \(reason)")
        }
        events.say("last release with \(olderVerdict.rawValue): \(lastLikeOlder)")
        return executor.end(
            exitCode: 0,
            line: "BISECT: first release with \(newerVerdict.rawValue) is \(firstLikeNewer) "
                + "(\(steps.count + 2) releases measured in \(rounds) rounds of up to \(width), the ends in the first; "
                + "details in \(folder.path))")
    }

    private func say(_ message: String) { output.write("[bisect] \(message)") }
}
