@testable import LabInstalls
import Testing

/// How the installer reads pip's and uv's failures: which requirement is missing, and whose it is.
@Suite struct InstallerOutputTests {
    let uvNoVersion = """
        error: No solution found when resolving dependencies
          cause: Because there is no version of uvicorn==99 and litellm[proxy]==1.61.20 depends on uvicorn==99, we can conclude that litellm[proxy]==1.61.20 cannot be used.
        """
    let uvCompanion = """
          cause: Because litellm-proxy was not found in the package registry and litellm[proxy]>=1.110.2 depends on litellm-proxy==1.110.2, we can conclude that litellm[proxy]>=1.110.2 cannot be used.
        """

    @Test func findsTheMissingRequirementsInPipAndUvWording() {
        #expect(LiteLLMInstaller.unavailableRequirements(in: uvNoVersion) == ["uvicorn==99"])
        #expect(LiteLLMInstaller.unavailableRequirements(in: uvCompanion) == ["litellm-proxy"])
        #expect(
            LiteLLMInstaller.unavailableRequirements(
                in: "ERROR: No matching distribution found for openai==99.0")
                == ["openai==99.0"])
        #expect(LiteLLMInstaller.unavailableRequirements(in: "error: build failed for pyyaml").isEmpty)
    }

    @Test func blamesTheOverrideThenLiteLLMThenAnyOtherRequirementBeforeTheCompanions() {
        #expect(
            LiteLLMInstaller.unavailable(in: uvNoVersion, overrides: ["Uvicorn==99"])
                == .requirement("Uvicorn==99"))
        #expect(LiteLLMInstaller.unavailable(in: uvNoVersion, overrides: []) == .requirement("uvicorn==99"))
        #expect(LiteLLMInstaller.unavailable(in: uvCompanion, overrides: ["uvicorn==0.32.1"]) == .companions)
        #expect(
            LiteLLMInstaller.unavailable(
                in: "Because there is no version of litellm[proxy]==1.61.99 and you require it", overrides: []
            )
                == .litellm)
        #expect(LiteLLMInstaller.unavailable(in: "error: build failed", overrides: []) == nil)
    }
}
