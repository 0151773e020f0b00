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
        #expect(try Scenario.named("messages-stream-trickle").upstreamModel.hasPrefix("anthropic/"))
        #expect(try Scenario.named("chat-stream-trickle").upstreamModel == "openai/gpt-4o")
        #expect(try Scenario.named("embeddings").directModel == "text-embedding-3-small")
    }
}
