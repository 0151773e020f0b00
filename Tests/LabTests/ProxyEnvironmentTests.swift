import Testing

@testable import LeakLab

/// `--proxy-env K=V` sets a variable in LiteLLM's environment; the reports name it, secrets masked.
@Suite struct ProxyEnvironmentTests {
    @Test func variablesAreReadInOrderAndSecretsAreMaskedWhereShown() throws {
        guard
            case .run(let settings) = try parseJob(
                "run", ["--proxy-env", "DISABLE_AIOHTTP_TRANSPORT=True", "--proxy-env", "MY_API_KEY=sk-a=b"])
        else { Issue.record("not a run"); return }
        #expect(settings.proxy.environment == ["DISABLE_AIOHTTP_TRANSPORT=True", "MY_API_KEY=sk-a=b"])
        #expect(
            settings.proxy.environmentShown == [
                "env DISABLE_AIOHTTP_TRANSPORT=True", "env MY_API_KEY=lab-masked",
            ])
        let litellm = LiteLLMUnderTest(build: .release(try .init("1.110.2")), settings: settings)
        #expect(
            litellm.environment.variables == ["DISABLE_AIOHTTP_TRANSPORT": "True", "MY_API_KEY": "sk-a=b"])
    }

    @Test(arguments: ["NOEQUALS", "=value", "1ABC=x", "A-B=x", "A B=x"])
    func anythingButNameEqualsValueIsAUsageError(variable: String) {
        #expect(throws: UsageError.self) { try parseJob("run", ["--proxy-env", variable]) }
    }
}
