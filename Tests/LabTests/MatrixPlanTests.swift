import Foundation
import LabTestSupport
import Testing

@testable import LabCore
@testable import LeakLab

/// `lab matrix --plan FILE`: each cell written as the `lab run` that measures it, for CI jobs of their own.
@Suite struct MatrixPlanTests {
    private struct Plan: Decodable {
        struct Cell: Decodable {
            let id: String
            let name: String
            let arguments: [String]
        }
        let include: [Cell]
    }

    private let folder = TestFiles.path("matrix-plan-" + UUID().uuidString)

    private func plan(_ words: [String]) throws -> Plan {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard
            case .plan(let settings, let builds, let servers, let scenarios, let file) = try parseJob(
                "matrix", words + ["--plan", folder + "/plan.json"])
        else {
            throw UsageError("not a plan")
        }
        _ = try MatrixPlan.write(
            to: file, settings: settings, builds: builds, servers: servers, scenarios: scenarios,
            output: try LineWriter(appendingTo: folder + "/output.txt"))
        return try JSONCoding.read(Plan.self, from: file)
    }

    @Test func everyBuildServerAndScenarioIsOneJobThatRunsWithTheMatrixsOptions() throws {
        let plan = try plan([
            "--versions", "1.61.20,1.110.2", "--servers", "uvicorn,gunicorn:2", "--scenarios",
            "chat,chat-stream-mid",
            "--setting", "general_settings.cancel_on_disconnect=true", "--timeout", "3", "--expect", "leak",
        ])
        #expect(
            plan.include.map(\.id) == [
                "1.61.20-chat", "1.61.20-chat-stream-mid", "1.61.20-gunicorn-w2-chat",
                "1.61.20-gunicorn-w2-chat-stream-mid",
                "1.110.2-chat", "1.110.2-chat-stream-mid", "1.110.2-gunicorn-w2-chat",
                "1.110.2-gunicorn-w2-chat-stream-mid",
            ])
        let cell = try #require(plan.include.first { $0.id == "1.110.2-gunicorn-w2-chat-stream-mid" })
        #expect(cell.name == "1.110.2-gunicorn-w2 chat-stream-mid")
        #expect(
            cell.arguments == [
                "run", "--litellm-version", "1.110.2", "--scenario", "chat-stream-mid", "--timeout", "3",
                "--server", "gunicorn", "--workers", "2", "--setting",
                "general_settings.cancel_on_disconnect=true",
                "--expect", "leak",
            ])
        // Each job's arguments are a valid `lab run`.
        for cell in plan.include {
            guard case .run = try parseJob("run", Array(cell.arguments.dropFirst())) else {
                Issue.record("\(cell.id)")
                continue
            }
        }
    }

    @Test func morePlannedJobsThanOneGitHubMatrixRunsIsAUsageError() throws {
        let versions = (0..<14).map { "1.61.\($0)" }.joined(separator: ",")
        #expect(throws: UsageError.self) { try plan(["--versions", versions, "--scenarios", "all"]) }
    }
}
