import Foundation
import LabTestSupport
@testable import LabLoad
@testable import LabProxies
@testable import LabWire
import Testing

@testable import LeakLab

@Suite struct ScenarioTests {
    @Test func catalogueNamesAreUniqueAndTheOriginalReportComesFirst() {
        let names = Scenario.catalogue.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.first == "chat")
        #expect(Scenario.catalogue[0].modelName == "gpt-4o")
    }

    @Test func listTakesAllOrCommaSeparatedNamesAndRejectsUnknownOnes() throws {
        #expect(try Scenario.list("all").count == Scenario.catalogue.count)
        #expect(try Scenario.list("chat,messages").map(\.name) == ["chat", "messages"])
        #expect(throws: UsageError.self) { try Scenario.list("chat,nope") }
    }

    @Test func anthropicScenariosAreRoutedAsAnthropicAndTheRestAsOpenAI() throws {
        #expect(try Scenario.named("messages").upstreamModel.hasPrefix("anthropic/"))
        #expect(try Scenario.named("messages-stream-mid").upstreamModel.hasPrefix("anthropic/"))
        #expect(try Scenario.named("chat-stream-mid").upstreamModel == "openai/gpt-4o")
        #expect(try Scenario.named("embeddings").directModel == "text-embedding-3-small")
    }

    @Test func streamScenariosAreNamedByWhereTheModelServerStalls() throws {
        let streams = Scenario.catalogue.filter(\.stream)
        #expect(streams.allSatisfy { $0.backend != .answer })
        for scenario in streams {
            let point = scenario.backend == .midStream ? "mid" : scenario.backend.rawValue
            let route = scenario.passThrough ? "pass-through" : scenario.endpoint.rawValue
            #expect(scenario.name == "\(route)-stream-\(point)")
            #expect(scenario.client == (scenario.backend == .midStream ? .afterContentChunks(3) : .timeout))
        }
        #expect(
            Set(streams.filter { $0.endpoint == .chat && !$0.passThrough }.map(\.backend))
                == [.queued, .head, .opening, .firstToken, .midStream])
        #expect(try Scenario.named("chat-stream-first-token").summary.contains("the first content token"))
    }

    @Test func theNonStreamingScenariosStayAsTheyWere() {
        let plain = Scenario.catalogue.filter { !$0.stream && !$0.needsLabLiteLLMConfig }.map(\.name)
        #expect(
            plain == [
                "chat", "chat-reset", "completions", "embeddings", "responses", "messages", "images",
                "images-edits", "rerank", "moderations", "audio-speech", "audio-transcriptions",
                "chat-queue", "realtime",
            ])
    }

    @Test func onlyTheOriginalReportsClientAndABodyOfItsOwnLeaveAtAWallClockTimeout() {
        for scenario in Scenario.catalogue {
            // A body of the scenario's own (the queue's priority, a RAG query's retrieval_config) carries no
            // arrival token.
            let wallClock = scenario.name == "chat" || !scenario.bodyFields.isEmpty
            #expect(scenario.timeoutFrom == (wallClock ? .sending : .arrival), "\(scenario.name)")
        }
    }

    @Test func anArrivalClientAsksItsBackendAndWithoutOneFallsBackToTheWallClock() throws {
        var settings = LabSettings()
        settings.load.clientTimeout = .milliseconds(1500)
        let proxy = try HTTPURL(parsing: "http://127.0.0.1:4000")
        let backend = try HTTPURL(parsing: "http://127.0.0.1:5001")
        let completions = try Scenario.named("completions")
        let through = completions.proxyPlan(proxy: proxy, apiKey: nil, backend: backend, settings: settings)
        #expect(through.timeoutFrom == .arrival && through.arrivalsRoot == backend)
        #expect(through.timeout == .milliseconds(1500), "--timeout is the time after the arrival")
        let direct = completions.directPlan(backend: backend, settings: settings)
        #expect(direct.timeoutFrom == .arrival && direct.arrivalsRoot == backend)
        #expect(
            completions.proxyPlan(proxy: proxy, apiKey: nil, backend: nil, settings: settings).timeoutFrom
                == .sending)
        let chat = try Scenario.named("chat").proxyPlan(
            proxy: proxy, apiKey: nil, backend: backend, settings: settings)
        #expect(chat.timeoutFrom == .sending && chat.behaviour == .timeout)
    }

    @Test func timeoutFromChoosesTheClientWhereTheScenariosRequestsCanSayWhenTheyArrived() throws {
        let proxy = try HTTPURL(parsing: "http://127.0.0.1:4000")
        let backend = try HTTPURL(parsing: "http://127.0.0.1:5001")
        var options = CommandOptions(["--timeout-from", "arrival"])
        var settings = LabSettings()
        try settings.read(&options, for: .run)
        func start(_ name: String, _ settings: LabSettings) throws -> TimeoutStart {
            try Scenario.named(name).proxyPlan(
                proxy: proxy, apiKey: nil, backend: backend, settings: settings
            )
            .timeoutFrom
        }
        #expect(try start("chat", settings) == .arrival, "the original report's client, made an arrival one")
        #expect(try start("chat-queue", settings) == .sending, "its body is its own: no arrival token")
        var sending = LabSettings()
        sending.load.timeoutFrom = .sending
        #expect(try start("completions", sending) == .sending)
        #expect(try start("completions", LabSettings()) == .arrival, "the scenario's own by default")
    }

    @Test func theLoadClientReadsBackTheArrivalPlanItsArgumentsDescribe() throws {
        var plan = LoadPlan(
            target: try HTTPURL(parsing: "http://litellm:4000/v1/chat/completions"), behaviour: .reset)
        plan.timeoutFrom = .arrival
        plan.arrivals = try HTTPURL(parsing: "http://backend:5001")
        plan.arrivalLimit = .seconds(12)
        var options = CommandOptions(plan.arguments)
        let read = try LoadPlan.read(&options)
        #expect(read.timeoutFrom == .arrival && read.behaviour == .reset && read.arrivalLimit == .seconds(12))
        #expect(read.arrivals == plan.arrivals)
        var wallClock = CommandOptions(LoadPlan(target: plan.target).arguments)
        #expect(try LoadPlan.read(&wallClock).timeoutFrom == .sending)
    }

    @Test func aPassThroughScenarioAsksTheProxysRouteAndTheBackendsAPIPath() throws {
        let settings = LabSettings()
        let proxy = try HTTPURL(parsing: "http://127.0.0.1:4000")
        let backend = try HTTPURL(parsing: "http://127.0.0.1:5001")
        let stream = try Scenario.named("pass-through-stream-mid")
        #expect(stream.needsLabLiteLLMConfig, "no control proxy or user config declares the route")
        #expect(
            stream.proxyPlan(proxy: proxy, apiKey: nil, backend: nil, settings: settings).target.path
                == "/lab/pass-through/pass-through-stream-mid?stream=true",
            "1.61.20's pass-through streams only when the query says so")
        #expect(stream.directPlan(backend: backend, settings: settings).target.path == "/v1/chat/completions")
        let plain = try Scenario.named("pass-through")
        #expect(
            plain.proxyPlan(proxy: proxy, apiKey: nil, backend: nil, settings: settings).target.path
                == "/lab/pass-through/pass-through")
        let route = ScenarioRoute(stream, url: backend, clientTimeout: nil)
        let config = try LiteLLMConfig.lab(routes: [route], settings: [])
        #expect(
            config.yaml.contains(
                #"pass_through_endpoints: [{"auth": false, "path": "/lab/pass-through/pass-through-stream-mid", "target": "http://127.0.0.1:5001/v1/chat/completions"}]"#
            ))
    }

    @Test func anAssistantsRunGoesToTheBackendAssistantSettingsNamesAndItsDirectControlAsksChat() throws {
        let settings = LabSettings()
        let proxy = try HTTPURL(parsing: "http://127.0.0.1:4000")
        let backend = try HTTPURL(parsing: "http://127.0.0.1:5001")
        let run = try Scenario.named("assistants-run")
        #expect(run.needsLabLiteLLMConfig && run.upstreamIsProxyWide, "one assistant_settings per proxy")
        let load = run.proxyPlan(proxy: proxy, apiKey: nil, backend: backend, settings: settings)
        #expect(load.target.path == "/v1/threads/thread_lab/runs" && load.endpoint == .runs)
        let direct = run.directPlan(backend: backend, settings: settings)
        #expect(direct.target.path == "/v1/chat/completions" && direct.endpoint == .chat)
        let config = try LiteLLMConfig.lab(
            routes: [ScenarioRoute(run, url: backend, clientTimeout: nil)], settings: [])
        #expect(config.assistantsAPIBase == "http://127.0.0.1:5001/v1")
    }

    @Test func routerScenariosTimeOutBeforeTheHoldAndDifferOnlyInWhatTheRouterDoesNext() throws {
        let retry = try Scenario.named("chat-timeout-retry")
        let noRetry = try Scenario.named("chat-timeout-no-retry")
        let fallback = try Scenario.named("chat-timeout-fallback")
        for scenario in [retry, noRetry, fallback] {
            #expect(scenario.needsLabLiteLLMConfig)
            #expect(scenario.modelTimeoutAfterClient == .seconds(1))
            #expect(scenario.endpoint == .chat && !scenario.stream && scenario.client == .timeout)
        }
        #expect(retry.modelRetries == nil && !retry.fallback)
        #expect(noRetry.modelRetries == 0 && !noRetry.fallback)
        #expect(fallback.modelRetries == 0 && fallback.fallback)
    }

    @Test func oneConfigServesEveryScenarioRetriesBeingTheModelsOwnAndBatchRoutingTheProxys() throws {
        let backend = try HTTPURL(parsing: "http://127.0.0.1:5001")
        let second = try HTTPURL(parsing: "http://127.0.0.1:5002")
        let routes =
            try ["chat-timeout-retry", "chat-timeout-no-retry", "batches-create"].map {
                ScenarioRoute(try Scenario.named($0), url: backend, clientTimeout: .seconds(1))
            } + [
                ScenarioRoute(
                    try Scenario.named("chat-timeout-fallback"), url: backend, fallbackURL: second,
                    clientTimeout: .seconds(1))
            ]
        let config = try LiteLLMConfig.lab(routes: routes, settings: [])
        let retries = Dictionary(uniqueKeysWithValues: config.models.map { ($0.name, $0.numRetries) })
        #expect(retries["lab-chat-timeout-retry"] == .some(nil), "the router's default retries")
        #expect(retries["lab-chat-timeout-no-retry"] == 0)
        #expect(
            retries["lab-chat-timeout-fallback"] == 0 && retries["lab-chat-timeout-fallback-fallback"] == 0)
        #expect(!config.yaml.contains("router_settings:\n  num_retries"))
        #expect(config.yaml.contains("enable_loadbalancing_on_batch_endpoints: true"))
        let withoutBatches = try LiteLLMConfig.lab(routes: Array(routes.prefix(2)), settings: [])
        #expect(!withoutBatches.yaml.contains("enable_loadbalancing_on_batch_endpoints"))
    }

    @Test func aFallbackScenarioRoutesItsModelToASecondBackendAndNamesTheFallback() throws {
        var settings = LabSettings()
        settings.load.clientTimeout = .seconds(4)
        let rig = try ScenarioRig(
            try Scenario.named("chat-timeout-fallback"), port: 0, settings: settings,
            logPath: TestFiles.path("leak-lab-fallback-\(UUID().uuidString.prefix(8)).log"))
        defer { rig.stop() }
        let models = rig.route.litellmModels
        #expect(models.map(\.name) == ["lab-chat-timeout-fallback", "lab-chat-timeout-fallback-fallback"])
        #expect(models.map(\.timeout) == [5, nil], "the model times out 1 s after the client")
        #expect(models[0].apiBase != models[1].apiBase)
        #expect(rig.otherURLs.count == 1)
        #expect(rig.route.litellmFallbacks == [.init(model: models[0].name, to: [models[1].name])])
    }
}

@Suite struct SlotProbeClockTests {
    @Test func theSlotProbeAfterAnArrivalLoadWaitsItsPatienceOnTheWallClock() throws {
        var load = LoadPlan(
            target: try HTTPURL(parsing: "http://127.0.0.1:4000/v1/completions"), endpoint: .completions)
        load.timeoutFrom = .arrival
        let probe = SlotProbe(
            following: load, backend: try HTTPURL(parsing: "http://127.0.0.1:5001"), patience: .seconds(5),
            grace: .seconds(3))
        #expect(probe.plan.timeoutFrom == .sending && probe.plan.timeout == .seconds(5))
    }
}
