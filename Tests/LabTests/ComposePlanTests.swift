import Foundation
import LabTestSupport
import Testing

@testable import LabBackend
@testable import LabCore
@testable import LabLoad
@testable import LabVerdict
@testable import LabWire
@testable import LeakLab

/// `lab compose-plan`: the compose services are configured from `lab run`'s options by the code a native run
/// uses, and read their options back through the executables' own readers.
@Suite struct ComposePlanTests {
    private let words = [
        "--scenario", "chat-stream-mid", "--setting", "general_settings.cancel_on_disconnect=true",
        "--requests",
        "6", "--timeout", "2", "--grace", "4", "--expect", "no-leak", "--pip", "uvicorn==0.32.1",
    ]

    private func plan(_ words: [String]) throws -> ComposePlan {
        var options = CommandOptions(words)
        var settings = LabSettings()
        try settings.read(&options, for: .run)
        try options.finish()
        return try ComposePlan(settings: settings, arguments: words)
    }

    private func folder() throws -> String {
        let path = TestFiles.path("compose-plan-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The options in `folder`'s file for `service`, as the service's `@FILE` reads them.
    private func options(_ folder: String, _ service: String) throws -> CommandOptions {
        CommandOptions(try ArgumentFile.expand(["@\(folder)/\(service).args"]))
    }

    @Test func eachServiceReadsBackWhatANativeRunOfTheSameOptionsMeasures() throws {
        let plan = try plan(words)
        let settings = plan.settings
        let out = try folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try plan.write(into: out)

        var backendOptions = try options(out, "backend")
        let port = try backendOptions.integer("--port", default: 0, in: 0...65_535)
        let backend = try FakeBackend.Configuration.read(&backendOptions, port: port)
        try backendOptions.finish()
        #expect(backend.host == "0.0.0.0" && backend.port == 5001 && backend.hold == settings.load.hold)
        #expect(backend.behaviour == .midStream, "the scenario's stall point")

        let proxyURL = try HTTPURL(parsing: "http://litellm:4000")
        let backendURL = try HTTPURL(parsing: "http://backend:5001")
        for (service, native) in [
            (
                "load",
                settings.load.scenario.proxyPlan(
                    proxy: proxyURL, apiKey: nil, backend: ComposePlan.backendURL, settings: settings)
            ),
            ("load-direct", settings.load.scenario.directPlan(backend: backendURL, settings: settings)),
        ] {
            var loadOptions = try options(out, service)
            let load = try LoadPlan.read(&loadOptions)
            #expect(load.target == native.target && load.model == native.model, "\(service)")
            #expect(load.stream && load.endpoint == .chat && load.behaviour == .afterContentChunks(3))
            #expect(load.requests == 6 && load.timeout == .seconds(2))
            // Each load asks the backend it runs beside when its requests arrived.
            #expect(load.timeoutFrom == .arrival && load.arrivalsRoot == native.arrivalsRoot, "\(service)")
        }

        var proxyOptions = try options(out, "collector")
        let proxy = try Collector.Settings.read(&proxyOptions)
        #expect(proxy.expectation == .noLeak && proxy.rules.grace == .seconds(4) && proxy.label == "litellm")
        var directOptions = try options(out, "collector-direct")
        let direct = try Collector.Settings.read(&directOptions)
        #expect(direct.expectation == nil && direct.rules.grace == .seconds(4) && direct.label == "direct")
    }

    @Test func eachLoadWaitsForItsCollectorAndWritesTheSummaryItReads() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try plan(words).write(into: out)
        for (load, collector) in [("load", "collector"), ("load-direct", "collector-direct")] {
            var loadOptions = try options(out, load)
            var collectorOptions = try options(out, collector)
            #expect(
                try loadOptions.string("--wait-for-file") == collectorOptions.string("--ready-file"))
            #expect(try loadOptions.string("--summary") == collectorOptions.string("--load-summary"))
        }
    }

    @Test func theConfigIsTheNativeRenderersAndTheRecordNamesTheBuild() throws {
        let plan = try plan(words)
        let out = try folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try plan.write(into: out)
        let config = try String(contentsOfFile: out + "/litellm-config.yaml", encoding: .utf8)
        #expect(
            config
                == (try LabLiteLLMConfig.render(
                    plan.settings.load.scenario, backend: try HTTPURL(parsing: "http://backend:5001"),
                    settings: ["general_settings.cancel_on_disconnect=true"], clientTimeout: .seconds(2))))
        #expect(config.contains("cancel_on_disconnect: true"))
        let record = try JSONCoding.read(ComposePlanRecord.self, from: out + "/compose-plan.json")
        #expect(record.arguments == words && record.scenario == "chat-stream-mid")
        #expect(record.litellm == .init(image: nil, version: "1.61.20", overrides: ["uvicorn==0.32.1"]))
        #expect(
            try self.plan(["--litellm-image", "leaklab/litellm:1.61.20"]).record.litellm.image
                == "leaklab/litellm:1.61.20")
    }

    /// The plan service runs `lab compose-plan --out /lab` with LAB_ARGS in its environment, and no shell: a
    /// quoted word with blanks and glob characters arrives as one word, as typed.
    @Test func labArgsFromTheEnvironmentKeepAQuotedWordWithBlanksAndGlobsWhole() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        var options = CommandOptions(
            ["--out", out, "--requests", "4"],
            environment: [
                "LAB_ARGS":
                    #"--scenario chat --setting 'router_settings.note=two  words [*]?' --pip "uvicorn[standard]==0.32.1""#
            ])
        let status = try LabComposePlan.run(&options, output: try LineWriter(appendingTo: "/dev/null"))
        #expect(status == 0)
        let record = try JSONCoding.read(ComposePlanRecord.self, from: out + "/compose-plan.json")
        #expect(
            record.arguments == [
                "--requests", "4", "--scenario", "chat", "--setting", "router_settings.note=two  words [*]?",
                "--pip", "uvicorn[standard]==0.32.1",
            ])
        #expect(record.litellm.overrides == ["uvicorn[standard]==0.32.1"])
        let config = try String(contentsOfFile: out + "/litellm-config.yaml", encoding: .utf8)
        #expect(config.contains("two  words [*]?"), "\(config)")
    }

    @Test func labArgsAShellWouldExpandIsAUsageErrorNamingTheVariable() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        var options = CommandOptions(["--out", out], environment: ["LAB_ARGS": "--scenario $(echo chat)"])
        #expect {
            _ = try LabComposePlan.run(&options, output: try LineWriter(appendingTo: "/dev/null"))
        } throws: { error in
            let message = (error as? UsageError)?.message ?? ""
            return message.hasPrefix("LAB_ARGS: '$' at character 12")
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/compose-plan.json"))
    }

    @Test func whatAnEarlierRunLeftIsClearedSoNoHandshakeIsStale() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        for name in ["direct-ready", "proxy-ready", "verdict.json", "events.jsonl", "report.json"] {
            try "old".write(toFile: "\(out)/\(name)", atomically: true, encoding: .utf8)
        }
        try plan([]).write(into: out)
        for name in ["direct-ready", "proxy-ready", "verdict.json", "events.jsonl", "report.json"] {
            #expect(!FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name)")
        }
    }

    @Test(arguments: [
        (["--proxy", "nginx"], "--proxy nginx"),
        (["--litellm-config", "/etc/hostname"], "--litellm-config"),
        (["--server", "gunicorn"], "--server"),
        (["--repeat", "2"], "--repeat"),
        (["--scenario", "chat-timeout-fallback"], "second backend"),
        (["--constraints", "/etc/hostname"], "--constraints"),
        (["--lock", "/etc/hostname"], "--lock"),
        (["--backend-port", "0"], "--backend-port"),
        (["--runs-dir", "/tmp"], "--runs-dir"),
        (["--litellm-source", "/tmp"], "source tree"),
    ])
    func optionsComposeCannotHonourAreRefusedByName(words: [String], named: String) {
        #expect {
            try plan(words)
        } throws: { error in
            let message = (error as? UsageError)?.message ?? ""
            return message.contains(named) && message.contains("LAB_RUNTIME=native")
        }
    }
}
