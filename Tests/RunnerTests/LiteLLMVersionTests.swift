@testable import LabInstalls
@testable import LabRecords
import Testing

@Suite struct LiteLLMVersionTests {
    @Test func parsesReleasesAndPostReleases() throws {
        let reported = try LiteLLMVersion(LiteLLMVersion.reported)
        #expect(reported.release == [1, 61, 20])
        #expect(reported.post == nil)
        let post = try LiteLLMVersion(" 1.74.0.post1 ")
        #expect(post.release == [1, 74, 0])
        #expect(post.post == 1)
        #expect(post.description == "1.74.0.post1")
    }

    @Test(arguments: [
        "", "latest", "1", "1.61.20-stable", "v1.61.20", "1.61.20rc1", "1.0.0.dev1", "1..2", "1.+2.3",
        "1.2.post", "1.2.postx",
    ])
    func rejectsWhatIsNotAReleaseVersion(text: String) {
        #expect(throws: LiteLLMVersionError.invalid(text)) { try LiteLLMVersion(text) }
    }

    @Test func explainsWhatAVersionLooksLike() {
        #expect(
            "\(LiteLLMVersionError.invalid("1.61.20-stable"))"
                == "'1.61.20-stable' is not a LiteLLM version: expected a PyPI release such as 1.61.20 or 1.74.0.post1"
                + " (pre-releases and tags such as 1.61.20-stable are not accepted), or the word latest")
    }

    @Test func refusesTheCompromisedReleases() throws {
        let refusal = try #require(try LiteLLMVersion("1.82.7").refusal)
        #expect(refusal.contains("supply-chain compromise"))
        #expect(try LiteLLMVersion("1.82.8").refusal != nil)
        #expect(try LiteLLMVersion("1.82.6").refusal == nil)
        #expect(try LiteLLMVersion("1.82.9").refusal == nil)
        #expect(try LiteLLMVersion("1.61.20").refusal == nil)
    }

    @Test func ordersNumericallyWithPostReleasesAfterTheirBase() throws {
        let sorted = try [
            "1.110.0", "1.9.3", "1.74.0.post1", "1.74.0", "1.74.0.post10", "1.74.0.post2", "1.61.20",
        ]
        .map(LiteLLMVersion.init).sorted().map(\.description)
        #expect(
            sorted == [
                "1.9.3", "1.61.20", "1.74.0", "1.74.0.post1", "1.74.0.post2", "1.74.0.post10", "1.110.0",
            ])
        #expect(try LiteLLMVersion("1.61") == LiteLLMVersion("1.61.0"))
    }

    @Test func picksNewestInstallableFromPipIndexOutput() throws {
        let output = """
            WARNING: pip index is currently an experimental command. It may be removed/changed in a future release without prior warning.
            litellm (1.83.0)
            Available versions: 1.83.0rc1, 1.82.8, 1.82.7, 1.82.6, 1.82.5.post1, 1.9.0, 1.61.20
              INSTALLED: 1.61.20
              LATEST:    1.83.0rc1
            """
        #expect(try LiteLLMVersion.newestInstallable(inPipIndexOutput: output).description == "1.82.6")
    }

    @Test func failsWhenPipListsNoInstallableVersion() {
        #expect(throws: LiteLLMVersionError.self) {
            try LiteLLMVersion.newestInstallable(
                inPipIndexOutput: "ERROR: No matching distribution found for litellm\n")
        }
    }
}
