import Foundation
import LabCore
import LabInstalls
import LabRecords
import LabVerdict

/// `lab bisect`: finds the first LiteLLM release whose verdict, for one scenario and settings, differs
/// from the older end's, measuring as few releases as a binary search needs.
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
        let ends = try [good, bad].map {
            try LiteLLMUnderTest.resolve(.release($0), installer: installer, say: say)
        }
        .compactMap(\.release).sorted()
        let (older, newer) = (ends[0], ends[1])
        var releases: [LiteLLMVersion] = []
        for release in try installer.publishedVersions(log: "/dev/null", progress: say)
        where release >= older && release <= newer {
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
        func probe(_ version: LiteLLMVersion) throws -> Result<VerdictKind, BisectSearch.SkipReason> {
            defer { try? executor.recorder.write(into: folder) }
            do {
                let plan = ExperimentPlan(
                    proxies: [proxy(version)],
                    scenarios: [settings.load.scenario],
                    layout: .grid)
                let report = try executor.run(plan)[0].report
                events.say("\(version): \(report.verdict.rawValue)")
                return report.verdict.isMeasured
                    ? .success(report.verdict)
                    : .failure(
                        .init(description: "\(report.verdict.rawValue.lowercased()): \(report.reason)"))
            } catch let interrupted as LabInterrupted {
                throw interrupted
            } catch {
                events.say("\(version): skipped, \(error)")
                return .failure(.init(description: "\(error)"))
            }
        }
        // While the ends are measured, the newer end and the first middle are installed.
        let firstMiddle = releases.count > 2 ? [releases[(releases.count - 1) / 2]] : []
        executor.installsAhead.want(([newer] + firstMiddle).map(proxy))
        guard case .success(let olderVerdict) = try probe(older),
            case .success(let newerVerdict) = try probe(newer),
            olderVerdict != newerVerdict
        else {
            events.say("the two ends must be measurable and differ: nothing to search (see \(folder.path))")
            return VerdictKind.inconclusive.exitCode
        }
        let answer = try BisectSearch.run(
            releases: releases, older: olderVerdict, newer: newerVerdict,
            ahead: { executor.installsAhead.want($0.map(proxy)) }, probe: probe)
        for case .skipped(let version, let reason) in answer.steps {
            events.say("skipped \(version): \(reason)")
        }
        events.say("last release with \(olderVerdict.rawValue): \(answer.lastLikeOlder)")
        return executor.end(
            exitCode: 0,
            line: "BISECT: first release with \(newerVerdict.rawValue) is \(answer.firstLikeNewer) "
                + "(\(answer.steps.count + 2) releases measured; details in \(folder.path))")
    }

    private func say(_ message: String) { output.write("[bisect] \(message)") }
}
