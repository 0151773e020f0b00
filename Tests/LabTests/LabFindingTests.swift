import Foundation
import LabTestSupport
@testable import LabCore
@testable import LabReporting
@testable import LabVerdict
import Testing

@testable import LeakLab

@Suite struct LabFindingTests {
    static let cancel = "general_settings.cancel_on_disconnect=true"

    private func cell(
        _ version: String, _ scenario: String, _ verdict: VerdictKind, settings: [String] = [cancel]
    )
        -> ReportCell
    {
        ReportCell(
            version: version, settings: settings, pins: [], scenario: scenario, verdict: verdict,
            reason: verdict == .leak
                ? "10 of 10 upstream requests still held" : "all 10 released 4.3 ms after",
            expected: nil, command: "lab run --litellm-version \(version) --scenario \(scenario)",
            cost: verdict == .leak
                ? LeakCost(heldRequests: 10, backendSeconds: 30, chunksAfterHangUp: 0, bytesAfterHangUp: 0)
                : nil,
            timeline: [.init(at: 0, held: 0), .init(at: 1, held: 10), .init(at: 4, held: 10)], hangUpAt: 1,
            folder: "lab-runs/\(version)")
    }

    private func report(_ cells: [ReportCell]) -> LabReport {
        LabReport(
            environment: LabEnvironment(
                os: "Debian", kernel: "6.1", python: "Python 3.11.7", lab: "0.1.0",
                packages: ["1.110.2": ["litellm": "1.110.2", "uvicorn": "0.54.0"]]),
            configs: [:], cells: cells, generatedAt: 0)
    }

    @Test func writesTheNewestLeakWithAPassingNeighbourAsTheContrastAndTheFirstReleaseThatLeaks() throws {
        // Measured out of order, as a bisect's releases come.
        let finding = LabFinding(
            report: report([
                cell("1.110.2", "images", .leak), cell("1.89.7", "images", .pass),
                cell("1.110.2", "chat", .pass),
                cell("1.90.0", "images", .leak), cell("1.110.2", "images", .pass, settings: []),
            ]),
            scenario: try Scenario.named("images"), settings: [Self.cancel])
        #expect(
            finding.cells.map(\.buildName) == ["1.89.7", "1.90.0", "1.110.2"], "its settings only, in order")
        let text = try #require(finding.markdown)
        #expect(
            text.hasPrefix(
                "# /v1/images/generations keeps upstream requests open after the client disconnects, with "
                    + "\(Self.cancel) (LiteLLM 1.90.0 to 1.110.2; 1.89.7 released them)\n"))
        #expect(
            text.contains("Clients call `/v1/images/generations` on LiteLLM 1.110.2 with `\(Self.cancel)`"))
        #expect(text.contains("as the same proxy does for `chat` in the same start (chat: PASS"))
        #expect(
            text.contains(
                "First release measured leaking after one that did not: **1.90.0** (1.89.7 released"))
        #expect(text.contains("cancel_on_disconnect: true"), "the smallest config has the setting")
        #expect(text.contains("| uvicorn | 0.54.0 |"))
        #expect(text.contains("10 requests held, 30.0 backend-seconds after the hang-up"))
    }

    @Test func saysWhenEveryReleaseMeasuredLeaks() throws {
        let finding = LabFinding(
            report: report([cell("1.61.20", "pass-through", .leak, settings: [])]),
            scenario: try Scenario.named("pass-through"), settings: [])
        let text = try #require(finding.markdown)
        #expect(
            text.hasPrefix("# A pass-through route (pass_through_endpoints) keeps upstream requests open"))
        #expect(text.contains("Every release measured leaks"))
        #expect(text.contains("http://127.0.0.1:4000/lab/pass-through/pass-through"))
        #expect(
            !text.contains(
                "What should happen\n\nThe proxy closes its upstream request as soon as its client has gone, as"
            ))
    }

    @Test func aLeakTheNewestReleaseMeasuredNoLongerHasIsTitledFixedAndNotForFiling() throws {
        // 1.61.20 ignores the setting (it predates it); 1.90.0 and 1.110.2 honour it for chat.
        let finding = LabFinding(
            report: report([
                cell("1.110.2", "chat", .pass), cell("1.61.20", "chat", .leak), cell("1.90.0", "chat", .pass),
            ]),
            scenario: try Scenario.named("chat"), settings: [Self.cancel])
        #expect(finding.fixedIn == "1.90.0")
        #expect(
            finding.title.hasPrefix("Fixed in LiteLLM 1.90.0: /v1/chat/completions keeps upstream requests"))
        #expect(try #require(finding.markdown).hasPrefix("# Fixed in LiteLLM 1.90.0: "))
    }

    @Test func aLeakOfTheNewestReleaseMeasuredIsNotFixed() throws {
        let finding = LabFinding(
            report: report([cell("1.90.0", "images", .pass), cell("1.110.2", "images", .leak)]),
            scenario: try Scenario.named("images"), settings: [Self.cancel])
        #expect(finding.fixedIn == nil)
        #expect(!finding.title.hasPrefix("Fixed"))
    }

    @Test func hasNothingToWriteWithoutALeak() throws {
        let finding = LabFinding(
            report: report([cell("1.110.2", "chat", .pass)]), scenario: try Scenario.named("chat"),
            settings: [Self.cancel])
        #expect(finding.markdown == nil)
    }
}

/// `lab report --finding A,B,C`: several routes that leak for one cause, as one write-up.
@Suite struct LabCauseFindingTests {
    static let cancel = LabFindingTests.cancel
    static let routes = ["images", "rerank", "pass-through"]

    private func cell(
        _ version: String, _ scenario: String, _ verdict: VerdictKind, settings: [String] = [cancel],
        held: Int = 10
    ) -> ReportCell {
        var cell = ReportCell(
            version: version, settings: settings, pins: [], scenario: scenario, verdict: verdict,
            reason: verdict == .leak
                ? "\(held) of 10 upstream requests still held" : "all 10 released 4.3 ms after",
            expected: nil, command: "lab run --litellm-version \(version) --scenario \(scenario)",
            cost: verdict == .leak
                ? LeakCost(
                    heldRequests: held, backendSeconds: Double(held) * 3, chunksAfterHangUp: 0,
                    bytesAfterHangUp: 0,
                    abandonedRequests: 10)
                : nil,
            timeline: [.init(at: 0, held: 0), .init(at: 1, held: held), .init(at: 4, held: held)],
            hangUpAt: 1,
            folder: "lab-runs/\(version)", seenByBackend: 10)
        cell.lock = "locks/litellm-\(version).txt (sha256 0123456789ab, resolved as of 2026-11-25)"
        return cell
    }

    private func finding(_ cells: [ReportCell], _ names: [String] = routes) throws -> LabCauseFinding {
        LabCauseFinding(
            report: LabReport(
                environment: LabEnvironment(
                    os: "Debian", kernel: "6.1", python: "Python 3.11.7", lab: "0.1.0",
                    packages: ["1.110.2": ["litellm": "1.110.2", "uvicorn": "0.54.0"]]),
                configs: [:], cells: cells, generatedAt: 0),
            scenarios: try names.map { try Scenario.named($0) }, settings: [Self.cancel])
    }

    /// Every route's row of the document's table, by scenario.
    private func rows(_ text: String) -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
            rows[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells
        }
        return rows
    }

    @Test func writesEveryRouteInOneTableWithOneConfigAndOneSetOfCommands() throws {
        // Measured out of order; rerank passed on 1.90.0, so its first leak is 1.110.2.
        let finding = try finding([
            cell("1.110.2", "images", .leak), cell("1.90.0", "images", .leak),
            cell("1.90.0", "rerank", .pass), cell("1.110.2", "rerank", .leak, held: 7),
            cell("1.90.0", "pass-through", .leak), cell("1.110.2", "pass-through", .leak),
            cell("1.110.2", "chat", .pass), cell("1.90.0", "chat", .pass),
        ])
        let text = try #require(finding.markdown)
        #expect(
            text.hasPrefix(
                "# 3 routes (/v1/images/generations, /v1/rerank and a pass-through route (pass_through_endpoints)) "
                    + "keep upstream requests open after the client disconnects, with \(Self.cancel) "
                    + "(LiteLLM 1.90.0 to 1.110.2)\n"))
        #expect(
            text.split(separator: "\n").filter { $0.hasPrefix("# ") && !$0.hasPrefix("# Written") }.count
                == 1, "one document")
        let rows = rows(text)
        #expect(
            rows.keys.sorted() == ["images", "pass-through", "rerank"], "one row per route, no contrast row")
        #expect(
            rows["images"]
                == [
                    "`images`", "`/v1/images/generations`", "LEAK 10/10 held", "LEAK 10/10 held",
                    "1.90.0 or earlier (every release measured leaks)", "1.110.2: LEAK",
                    "10 held, 30.0 backend-s (1.110.2)",
                ])
        #expect(
            rows["rerank"]
                == [
                    "`rerank`", "`/v1/rerank`", "PASS", "LEAK 7/10 held", "**1.110.2** (1.90.0 passes)",
                    "1.110.2: LEAK", "7 held, 21.0 backend-s (1.110.2)",
                ])
        #expect(rows["pass-through"]?[1] == "`/lab/pass-through/pass-through`")
        #expect(text.contains("| scenario | route | 1.90.0 | 1.110.2 | first release that leaks |"))
        #expect(text.contains("as the same proxy does for `chat` in the same start (chat: PASS"))
        #expect(text.components(separatedBy: "cat > config.yaml").count == 2, "one config")
        for model in ["lab-images", "lab-rerank", "lab-pass-through"] {
            #expect(text.contains("model_name: \"\(model)\""), "the config serves \(model)")
        }
        #expect(text.contains("cancel_on_disconnect: true"))
        #expect(text.components(separatedBy: "pip install").count == 2, "one proxy to start by hand")
        #expect(text.contains("http://127.0.0.1:4000/v1/rerank"))
        #expect(
            finding.commands == [
                "lab matrix --versions 1.90.0,1.110.2 --scenarios images,rerank,pass-through,chat --setting \(Self.cancel)",
                "lab report --finding images,rerank,pass-through --setting \(Self.cancel)",
            ])
        #expect(
            text.contains(
                "| 1.90.0 | the lock locks/litellm-1.90.0.txt (sha256 0123456789ab, resolved as of 2026-11-25) |"
            ))
        #expect(text.contains("| uvicorn | 0.54.0 |"), "the newest leaking release's packages")
        #expect(text.contains("- `rerank` on 1.110.2: `"), "a timeline per route")
        #expect(
            text.contains(
                "for 30 abandoned clients: 27 upstream requests held, 81.0 backend-seconds after the hang-up")
        )
        #expect(
            !text.contains("Every route listed as leaking leaks on every release"), "rerank passed on 1.90.0")
        #expect(finding.fixedIn == nil)
    }

    @Test func aRouteFixedOnTheNewestReleaseStaysInTheTableButLeavesTheTitle() throws {
        let finding = try finding([
            cell("1.90.0", "images", .leak), cell("1.110.2", "images", .leak),
            cell("1.90.0", "rerank", .leak), cell("1.110.2", "rerank", .pass),
            cell("1.90.0", "pass-through", .leak), cell("1.110.2", "pass-through", .leak),
        ])
        #expect(finding.fixedIn == nil, "images and pass-through still leak: the issue stands")
        #expect(
            finding.title.hasPrefix(
                "2 routes (/v1/images/generations and a pass-through route (pass_through_endpoints)) keep"))
        let text = try #require(finding.markdown)
        #expect(rows(text)["rerank"]?[5] == "**fixed in 1.110.2**")
        #expect(text.contains("`rerank` is fixed in LiteLLM 1.110.2: its newest release measured passes"))
        #expect(!text.contains("model_name: \"lab-rerank\""), "nothing to reproduce for a fixed route")
    }

    @Test func everyRouteFixedIsTitledFixedInTheNewestOfTheirFixes() throws {
        let finding = try finding(
            [
                cell("1.90.0", "images", .leak), cell("1.99.2", "images", .pass),
                cell("1.110.2", "images", .pass),
                cell("1.90.0", "rerank", .leak), cell("1.99.2", "rerank", .leak),
                cell("1.110.2", "rerank", .pass),
            ], ["images", "rerank"])
        #expect(finding.fixedIn == "1.110.2", "rerank leaked until 1.110.2")
        #expect(
            finding.title.hasPrefix(
                "Fixed in LiteLLM 1.110.2: 2 routes (/v1/images/generations and /v1/rerank)"))
        #expect(try #require(finding.markdown).hasPrefix("# Fixed in LiteLLM 1.110.2: "))
    }

    @Test func aRouteThatNeverLeakedIsSaidAndLeftOutOfTheTitle() throws {
        let finding = try finding(
            [cell("1.110.2", "images", .leak), cell("1.110.2", "chat", .pass)], ["images", "chat"])
        #expect(finding.title.hasPrefix("/v1/images/generations keeps upstream requests open"))
        let text = try #require(finding.markdown)
        #expect(rows(text)["chat"]?[3] == "none measured")
        #expect(text.contains("`chat` leaked on no release measured."))
        #expect(finding.contrast == nil, "chat is one of the routes, not a contrast")
    }

    @Test func hasNothingToWriteWhenNoRouteLeaked() throws {
        #expect(
            try finding([cell("1.110.2", "images", .pass), cell("1.110.2", "rerank", .pass)]).markdown == nil)
    }

    @Test func theCommandWritesOneFileAndRefusesFilingWhenEveryRouteIsFixed() throws {
        let runs = TestFiles.path("cause-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: runs) }
        let outputFile = runs + "/output.txt"
        try FileManager.default.createDirectory(atPath: runs + "/run", withIntermediateDirectories: true)
        func write(_ cells: [ReportCell]) throws {
            try JSONCoding.write(
                LabReport(
                    environment: LabEnvironment(os: "Debian", kernel: "", python: "", lab: "", packages: [:]),
                    configs: [:], cells: cells, generatedAt: 0), to: runs + "/run/report.json")
        }
        func finding(_ names: String, out: String? = nil) throws -> (Int32, String) {
            var options = CommandOptions(["--setting", Self.cancel] + (out.map { ["--out", $0] } ?? []))
            let output = try LineWriter(appendingTo: outputFile, timestamps: false)
            let status = try LabReportCommand.finding(names, &options, runsRoot: runs, output: output)
            return (status, try String(contentsOfFile: outputFile, encoding: .utf8))
        }

        try write([cell("1.110.2", "images", .leak), cell("1.110.2", "rerank", .leak)])
        let (status, said) = try finding("images,rerank")
        #expect(status == 0, "\(said)")
        let path = runs + "/report/finding-images+rerank.md"
        #expect(said.contains("[lab] finding, ready to file upstream: \(path)"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("# 2 routes ("))
        let (single, _) = try finding("images", out: runs + "/images.md")
        #expect(single == 0)
        #expect(
            try String(contentsOfFile: runs + "/images.md", encoding: .utf8).hasPrefix(
                "# /v1/images/generations"))

        try write([
            cell("1.90.0", "images", .leak), cell("1.110.2", "images", .pass),
            cell("1.90.0", "rerank", .leak), cell("1.110.2", "rerank", .pass),
        ])
        let (fixed, fixedSaid) = try finding("images,rerank")
        #expect(fixed == CommandFailure.refusedExitCode, "a record, not an issue to file")
        #expect(fixedSaid.contains("[lab] fixed in 1.110.2, the newest release measured passes: not offered"))

        try write([cell("1.110.2", "images", .pass), cell("1.110.2", "rerank", .pass)])
        #expect(throws: CommandFailure.self) { try finding("images,rerank") }
        #expect(throws: UsageError.self) { try finding("images,images") }
    }

    @Test func aTranscriptionByHandSendsAFormWithAWAVFile() throws {
        let lines = LabFinding.clientGivingUp(try Scenario.named("audio-transcriptions"))
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("python3 -c 'import wave;"))
        #expect(
            lines[1]
                == "curl -sS --max-time 3 -H \"Authorization: Bearer $LITELLM_MASTER_KEY\" "
                + "-F model=lab-audio-transcriptions "
                + "-F response_format=json -F file=@lab.wav http://127.0.0.1:4000/v1/audio/transcriptions")
    }

    @Test func theCommittedWriteUpsReproduceByHandExactlyAsTheGeneratorWrites() throws {
        // When this fails: `lab report --finding ...` over the runs (findings/README.md), or paste the expected text.
        let lock = "locks/litellm-1.110.2.txt"
        let writeUps: [(file: String, scenarios: [String], settings: [String], clients: String)] = [
            (
                "findings/cancel-on-disconnect.md",
                [
                    "images", "rerank", "moderations", "audio-speech", "audio-transcriptions", "pass-through",
                    "chat-queue",
                ],
                [Self.cancel], "one client per route"
            ),
            ("findings/head-only-stream-1.108.0.md", ["chat-stream-head"], [], "a client"),
        ]
        for writeUp in writeUps {
            let expected =
                LabFinding.byHandIntroduction(release: "1.110.2", lock: lock, clients: writeUp.clients)
                + MarkdownText.fenced(
                    LabFinding.byHand(
                        release: "1.110.2", lock: lock, scenarios: try writeUp.scenarios.map(Scenario.named),
                        settings: writeUp.settings),
                    language: "sh")
            let text = try DocumentationTests.read(writeUp.file)
            #expect(text.contains(expected), "\(writeUp.file) should hold:\n\(expected)")
        }
    }

    @Test func aReproductionByHandBuildsTheModelServerInstallsTheLockAndStopsWhatItStarted() throws {
        let text = LabFinding.byHand(
            release: "1.110.2", lock: "locks/litellm-1.110.2.txt",
            scenarios: [try Scenario.named("chat-stream-head")],
            settings: [])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            Array(lines.prefix(2)) == [
                "mkdir -p repro && cd repro",
                "swift build --package-path .. --scratch-path .build -c release --product fake-backend   # into repro/.build",
            ])
        #expect(
            lines.contains(".build/release/fake-backend --port 5001 --status-interval 0 --behaviour head &"))
        #expect(
            lines.contains {
                $0.hasPrefix("litellm-1.110.2/bin/pip install -q --no-deps -r ../locks/litellm-1.110.2.txt")
            })
        #expect(
            lines.contains("cat > config.yaml <<'EOF'") && lines.contains("EOF"),
            "the block writes its config")
        #expect(!text.contains("sk-1234"), "1.110.2 refuses a publicly known key")
        #expect(
            lines.contains { $0.hasPrefix("for _ in $(seq 120); do curl -sf") },
            "waits until the proxy answers")
        #expect(lines.last == "kill %1 %2")
        let unlocked = LabFinding.byHand(
            release: "1.61.20", lock: nil, scenarios: [try Scenario.named("chat")], settings: [])
        #expect(unlocked.contains("litellm-1.61.20/bin/pip install -q 'litellm[proxy]==1.61.20'"))
        let queued = LabFinding.clientGivingUp(try Scenario.named("chat-queue"))
        #expect(queued.count == 1)
        #expect(queued[0].contains("\"priority\":0"), "the queue route answers 400 without one: \(queued[0])")
        #expect(queued[0].hasSuffix(" http://127.0.0.1:4000/queue/chat/completions"))
        let queue = LabFinding(
            report: LabReport(
                environment: LabEnvironment(os: "", kernel: "", python: "", lab: "", packages: [:]),
                configs: [:],
                cells: [], generatedAt: 0),
            scenario: try Scenario.named("chat-queue"), settings: [])
        #expect(queue.routeName == "/queue/chat/completions", "the route the clients call, not the API's own")
        #expect(!unlocked.contains("--behaviour"))
    }

    @Test func aStreamsTitleSaysHowFarTheModelServerGot() throws {
        let finding = LabFinding(
            report: LabReport(
                environment: LabEnvironment(os: "", kernel: "", python: "", lab: "", packages: [:]),
                configs: [:],
                cells: [
                    cell("1.106.12", "chat-stream-head", .pass, settings: []),
                    cell("1.108.0", "chat-stream-head", .leak, settings: []),
                    cell("1.110.2", "chat-stream-head", .leak, settings: []),
                ], generatedAt: 0),
            scenario: try Scenario.named("chat-stream-head"), settings: [])
        #expect(
            finding.title
                == "/v1/chat/completions (streaming; the model server has sent only the response head) keeps upstream "
                + "requests open after the client disconnects (LiteLLM 1.108.0 to 1.110.2; 1.106.12 released them)"
        )
        #expect(
            finding.firstLeakAfterPass.map { [$0.passed.buildName, $0.leaked.buildName] } == [
                "1.106.12", "1.108.0",
            ])
    }

    @Test func aRegressionSaysWhichPackagesBesidesLiteLLMDifferBetweenTheLastGoodAndFirstBadInstall() throws {
        let finding = LabFinding(
            report: LabReport(
                environment: LabEnvironment(
                    os: "", kernel: "", python: "", lab: "",
                    packages: [
                        "1.106.12": [
                            "litellm": "1.106.12", "openai": "2.54.0", "distro": "1.9.0", "httpx": "0.28.1",
                        ],
                        "1.108.0": ["litellm": "1.108.0", "openai": "3.57.0", "httpx": "0.28.1"],
                    ]), configs: [:],
                cells: [
                    cell("1.106.12", "chat-stream-head", .pass, settings: []),
                    cell("1.108.0", "chat-stream-head", .leak, settings: []),
                ], generatedAt: 0),
            scenario: try Scenario.named("chat-stream-head"), settings: [])
        #expect(
            try #require(finding.markdown).contains(
                "The installs of the two differ in more than LiteLLM, and either may be the cause: "
                    + "distro 1.9.0 → none, openai 2.54.0 → 3.57.0.\n"))
    }

    @Test func cellsWithPackagesOverriddenAreControlsBesideTheReleasesNotPartOfTheirSeries() throws {
        var control = cell("1.108.0", "chat-stream-head", .leak, settings: [])
        control.pins = ["openai==2.54.0"]
        control.command = "lab run --litellm-version 1.108.0 --scenario chat-stream-head --pip openai==2.54.0"
        var passingControl = cell("1.110.2", "chat-stream-head", .pass, settings: [])
        passingControl.pins = ["openai==2.54.0"]
        let finding = LabFinding(
            report: LabReport(
                environment: LabEnvironment(os: "", kernel: "", python: "", lab: "", packages: [:]),
                configs: [:],
                cells: [
                    cell("1.106.12", "chat-stream-head", .pass, settings: []), control,
                    cell("1.108.0", "chat-stream-head", .leak, settings: []),
                    cell("1.110.2", "chat-stream-head", .leak, settings: []), passingControl,
                ], generatedAt: 0),
            scenario: try Scenario.named("chat-stream-head"), settings: [])
        #expect(finding.cells.map(\.installLabel) == ["1.106.12", "1.108.0", "1.110.2"])
        #expect(finding.fixedIn == nil, "a control passing on the newest release is no fix")
        #expect(
            finding.controls.map(\.installLabel) == ["1.108.0 + openai==2.54.0", "1.110.2 + openai==2.54.0"])
        let text = try #require(finding.markdown)
        #expect(text.contains("Controls, the same scenario with packages overridden:"))
        #expect(
            text.contains(
                "Each installed from its lock: 1.106.12: locks/litellm-1.106.12.txt (sha256 0123456789ab, resolved as of "
                    + "2026-11-25); 1.108.0: locks/litellm-1.108.0.txt"),
            "the controls' locks are not the releases'")
        #expect(
            text.contains("| 1.108.0 + openai==2.54.0 | LEAK 10/10 held | `lab run --litellm-version 1.108.0")
        )
    }
}
