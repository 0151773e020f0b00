import Foundation
import LabTestSupport
@testable import LabCore
@testable import LabInstalls
@testable import LabRecords
@testable import LabReporting
@testable import LabVerdict
import Testing

@testable import LeakLab

/// A proxy whose build cannot be installed: what the engine does with it is the same in every command.
private struct UninstallableProxy: ProxyUnderTest {
    let label: String
    var versions: [String: String] { ["litellm": "9.9.9"] }
    var needsWarmUp: Bool { false }

    func prepare(folder: RunFolder, say: (String) -> Void, progress: @escaping @Sendable (String) -> Void)
        throws -> Bool
    {
        throw LiteLLMInstallError.notOnPyPI(version: "9.9.9", log: folder.file("install.log"))
    }

    func start(routes: [ScenarioRig], port: Int, folder: RunFolder, say: (String) -> Void) throws
        -> StartedProxy
    {
        Issue.record("a build that could not be installed was started")
        throw UsageError("unreachable")
    }
}

@Suite struct InstallFailureRuleTests {
    @Test func aBuildThatCannotBeInstalledIsAnInconclusiveCellWithItsReasonAndTheNextBuildIsMeasured() throws
    {
        var settings = LabSettings()
        settings.machine.runsRoot = TestFiles.path("install-rule-\(UUID().uuidString.prefix(8))")
        settings.machine.backendPort = 0
        settings.machine.installsAhead = 0
        defer { try? FileManager.default.removeItem(atPath: settings.machine.runsRoot) }
        let output = LineWriter(descriptor: open("/dev/null", O_WRONLY), rewritingProgress: false)
        let interruption = LabInterruption { _ in }
        let executor = try ExperimentExecutor(
            settings: settings, label: "rule", prefix: "rule", output: output, interruption: interruption)
        defer { executor.close() }
        let cells = try executor.run(
            ExperimentPlan(
                proxies: [UninstallableProxy(label: "first"), UninstallableProxy(label: "second")],
                scenarios: [Scenario.catalogue[0]], layout: .grid))
        #expect(cells.count == 2, "the second build is measured after the first could not be installed")
        for cell in cells {
            #expect(cell.report.verdict == .inconclusive)
            #expect(
                cell.report.reason.hasPrefix(
                    "the build could not be installed: LiteLLM 9.9.9 is not on PyPI"),
                "\(cell.report.reason)")
            #expect(
                cell.report.decision.line.hasPrefix("VERDICT: INCONCLUSIVE the build could not be installed"))
        }
    }
}
