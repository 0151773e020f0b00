import Testing

@testable import LabBackend
@testable import LabCore
@testable import LabLoad
@testable import LabVerdict
@testable import LabWire
@testable import LeakLab

/// What the lab writes as a service's options reads back to the same values: the compose services are
/// configured by these words, so a lost option would silently measure something else.
@Suite struct OptionRoundTripTests {
    @Test func aBackendConfigurationReadsBackTheSame() throws {
        var configuration = FakeBackend.Configuration(
            host: "0.0.0.0", port: 5001, hold: .milliseconds(2500), statusInterval: .zero,
            behaviour: .firstToken, slots: SlotQueue.Limits(slots: 2, queueLimit: 3))
        configuration.timeline = .init(
            timeToFirstToken: .milliseconds(150), tokenInterval: .milliseconds(20), tokens: 7)
        configuration.limits.maxBodyBytes = 1024
        var options = CommandOptions(configuration.arguments)
        let read = try FakeBackend.Configuration.read(&options, port: try port(&options))
        try options.finish()
        #expect(read.host == "0.0.0.0" && read.port == 5001 && read.hold == .milliseconds(2500))
        #expect(read.statusInterval == .zero && read.behaviour == .firstToken)
        #expect(
            read.timeline.timeToFirstToken == .milliseconds(150)
                && read.timeline.tokenInterval == .milliseconds(20))
        #expect(read.timeline.tokens == 7 && read.limits.maxBodyBytes == 1024)
        #expect(read.slots == SlotQueue.Limits(slots: 2, queueLimit: 3))
    }

    @Test func theDefaultBackendNeedsOnlyItsAddress() {
        #expect(FakeBackend.Configuration().arguments == ["--host", "127.0.0.1", "--port", "5001"])
    }

    @Test func aLoadPlanReadsBackTheSameButNeverCarriesItsKey() throws {
        for behaviour in [ClientBehaviour.timeout, .reset, .afterContentChunks(3)] {
            let plan = LoadPlan(
                target: try HTTPURL(parsing: "http://litellm:4000/v1/messages"), requests: 6,
                timeout: .milliseconds(2500), apiKey: "sk-secret", endpoint: .messages, stream: true,
                model: "lab-messages-stream-mid", behaviour: behaviour)
            #expect(!plan.arguments.contains("sk-secret"), "a key goes by the environment")
            var options = CommandOptions(plan.arguments)
            let read = try LoadPlan.read(&options)
            try options.finish()
            #expect(read.target == plan.target && read.requests == 6 && read.timeout == .milliseconds(2500))
            #expect(read.endpoint == .messages && read.stream && read.model == "lab-messages-stream-mid")
            #expect(read.behaviour == behaviour && read.apiKey == nil)
        }
    }

    @Test func collectorSettingsReadBackTheSame() throws {
        var settings = Collector.Settings(backend: try HTTPURL(parsing: "http://backend:5001"))
        settings.expectation = .noLeak
        settings.rules.grace = .seconds(4)
        settings.rules.settle = .milliseconds(500)
        settings.rules.observe = .seconds(10)
        settings.rules.loadPatience = .seconds(30)
        settings.interval = .milliseconds(50)
        settings.label = "litellm"
        var options = CommandOptions(settings.arguments)
        let read = try Collector.Settings.read(&options)
        try options.finish()
        #expect(read.backend == settings.backend && read.expectation == .noLeak && read.label == "litellm")
        #expect(read.rules == settings.rules && read.interval == .milliseconds(50))
    }

    private func port(_ options: inout CommandOptions) throws -> Int {
        try options.integer("--port", default: 5001, in: 0...65_535)
    }
}
