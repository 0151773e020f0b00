@testable import LabProxies
import Testing

@Suite struct LiteLLMConfigTests {
    @Test func writesTheOriginalReproductionsConfig() {
        #expect(
            LiteLLMConfig(backendURL: "http://127.0.0.1:5001/").yaml == """
                # Written by litellm-leak-lab.
                model_list:
                  - model_name: "gpt-4o"
                    litellm_params:
                      api_base: "http://127.0.0.1:5001/v1"
                      api_key: "api-key"
                      model: "openai/gpt-4o"

                """)
    }

    @Test func writesFileUploadProvidersAfterTheModels() {
        var config = LiteLLMConfig(models: [])
        config.filesProviders = [.init(apiBase: "http://127.0.0.1:5001/v1")]
        #expect(
            config.yaml == """
                # Written by litellm-leak-lab.
                model_list:
                files_settings:
                  - custom_llm_provider: "openai"
                    api_base: "http://127.0.0.1:5001/v1"
                    api_key: "api-key"

                """)
    }

    @Test func writesTheAssistantsProviderAfterTheModels() {
        var config = LiteLLMConfig(models: [])
        config.assistantsAPIBase = "http://127.0.0.1:5001/v1"
        #expect(
            config.yaml == """
                # Written by litellm-leak-lab.
                model_list:
                assistant_settings:
                  custom_llm_provider: "openai"
                  litellm_params:
                    api_base: "http://127.0.0.1:5001/v1"
                    api_key: "api-key"

                """)
    }

    @Test func writesVectorStoresAfterTheModels() {
        var config = LiteLLMConfig(models: [])
        config.vectorStores = [.init(id: "vs_lab", apiBase: "http://127.0.0.1:5001/v1")]
        #expect(
            config.yaml == """
                # Written by litellm-leak-lab.
                model_list:
                vector_store_registry:
                  - vector_store_name: "vs_lab"
                    litellm_params:
                      api_base: "http://127.0.0.1:5001/v1"
                      api_key: "api-key"
                      custom_llm_provider: "openai"
                      vector_store_id: "vs_lab"

                """)
    }

    @Test func writesMCPServersAfterTheModels() {
        var config = LiteLLMConfig(models: [])
        config.mcpServers = [.init(name: "lab", url: "http://127.0.0.1:5001/mcp")]
        #expect(
            config.yaml == """
                # Written by litellm-leak-lab.
                model_list:
                mcp_servers:
                  "lab":
                    transport: "http"
                    url: "http://127.0.0.1:5001/mcp"

                """)
    }

    @Test func writesSettingsSortedInTheirSections() throws {
        var config = LiteLLMConfig(backendURL: "http://127.0.0.1:5001", masterKey: "sk-1234")
        for setting in [
            "model.timeout=5", "general_settings.cancel_on_disconnect=true", "router_settings.num_retries=0",
            "litellm_settings.request_timeout=600.5", "general_settings.alerting_threshold=300",
            "litellm_settings.set_verbose=False",
        ] {
            try config.apply(setting: setting)
        }
        #expect(
            config.yaml == """
                # Written by litellm-leak-lab.
                model_list:
                  - model_name: "gpt-4o"
                    litellm_params:
                      api_base: "http://127.0.0.1:5001/v1"
                      api_key: "api-key"
                      model: "openai/gpt-4o"
                      timeout: 5.0
                general_settings:
                  alerting_threshold: 300
                  cancel_on_disconnect: true
                  master_key: "sk-1234"
                router_settings:
                  num_retries: 0
                litellm_settings:
                  request_timeout: 600.5
                  set_verbose: "False"

                """)
    }

    @Test func quotesStringsSoTheyCannotBreakTheDocument() {
        var config = LiteLLMConfig(backendURL: "http://127.0.0.1:5001")
        config.models[0].apiKey = "a\"b\\c\nmaster_key: x # y\u{1}"
        config.routerSettings["odd key: x"] = "v"
        config.litellmSettings = ["big": 1e300, "bad": .double(.infinity)]
        let yaml = config.yaml
        #expect(yaml.contains(#"      api_key: "a\"b\\c\nmaster_key: x # y\x01""#))
        #expect(yaml.contains(#"  "odd key: x": "v""#))
        #expect(yaml.contains("  bad: .inf\n  big: 1.0e+300\n"))
    }

    @Test func typedPropertiesWinOverSameNamedExtraKeys() {
        var config = LiteLLMConfig(backendURL: "http://b", masterKey: "sk-typed")
        config.generalSettings["master_key"] = "sk-extra"
        #expect(config.yaml.contains("  master_key: \"sk-typed\"\n"))
        #expect(!config.yaml.contains("sk-extra"))
    }

    @Test func appliesModelSettingsToTheirProperties() throws {
        var config = LiteLLMConfig(backendURL: "http://b")
        try config.apply(setting: "model.timeout=2.5")
        try config.apply(setting: "model.model_name=gpt-4o-mini")
        try config.apply(setting: "model.api_key=1234")
        try config.apply(setting: "model.stream_timeout=3")
        try config.apply(setting: "general_settings.master_key=sk-a=b")
        #expect(config.models[0].timeout == 2.5)
        #expect(config.models[0].name == "gpt-4o-mini")
        #expect(config.models[0].apiKey == "1234")
        #expect(config.models[0].extraParams == ["stream_timeout": 3])
        #expect(config.masterKey == "sk-a=b")
    }

    @Test func readsValueTypesAsTyped() {
        #expect(ConfigValue(parsing: "true") == .bool(true))
        #expect(ConfigValue(parsing: "false") == .bool(false))
        #expect(ConfigValue(parsing: "-3") == .int(-3))
        #expect(ConfigValue(parsing: "0.25") == .double(0.25))
        #expect(ConfigValue(parsing: "True") == .string("True"))
        #expect(ConfigValue(parsing: "inf") == .string("inf"))
        #expect(ConfigValue(parsing: "1e3") == .string("1e3"))
        #expect(ConfigValue(parsing: "") == .string(""))
    }

    @Test func rejectsUnknownSectionsAndBadValuesClearly() {
        var config = LiteLLMConfig(backendURL: "http://b")
        #expect(throws: LiteLLMConfigError.unknownSection("server_settings", setting: "server_settings.x=1"))
        {
            try config.apply(setting: "server_settings.x=1")
        }
        #expect(
            "\(LiteLLMConfigError.unknownSection("server_settings", setting: "server_settings.x=1"))"
                == "setting 'server_settings.x=1': unknown section 'server_settings': use model, general_settings,"
                + " router_settings or litellm_settings")
        #expect(
            throws: LiteLLMConfigError.badValue(
                "soon", setting: "model.timeout=soon", expected: "a positive number of seconds")
        ) {
            try config.apply(setting: "model.timeout=soon")
        }
        #expect(
            throws: LiteLLMConfigError.badValue(
                "0", setting: "model.timeout=0", expected: "a positive number of seconds")
        ) {
            try config.apply(setting: "model.timeout=0")
        }
        for malformed in [
            "cancel_on_disconnect=true", "general_settings.cancel_on_disconnect", "general_settings.=1",
            "router_settings.a.b=1",
        ] {
            #expect(throws: LiteLLMConfigError.malformed(malformed)) { try config.apply(setting: malformed) }
        }
        #expect(config == LiteLLMConfig(backendURL: "http://b"))
    }

    @Test func servesSeveralModelsEachRoutedToItsOwnBackendAndModelSettingsApplyToAll() throws {
        var config = LiteLLMConfig(models: [
            .init(name: "lab-chat", apiBase: "http://127.0.0.1:5001/v1"),
            .init(
                name: "lab-messages", upstream: "anthropic/claude-3-5-sonnet-20241022",
                apiBase: "http://127.0.0.1:5002"),
        ])
        try config.apply(setting: "model.timeout=7")
        let yaml = config.yaml
        let chat = try #require(yaml.range(of: "model_name: \"lab-chat\""))
        let messages = try #require(yaml.range(of: "model_name: \"lab-messages\""))
        #expect(chat.lowerBound < messages.lowerBound)
        #expect(yaml.contains("api_base: \"http://127.0.0.1:5002\""))
        #expect(yaml.components(separatedBy: "timeout: 7").count == 3)
    }

    @Test func writesFallbacksInFlowStyleWithEveryNameQuoted() throws {
        var config = LiteLLMConfig(
            models: [
                .init(name: "first", apiBase: "http://127.0.0.1:1/v1", timeout: 3),
                .init(name: "second: b", apiBase: "http://127.0.0.1:2/v1"),
            ])
        config.fallbacks = [.init(model: "first", to: ["second: b"])]
        try config.apply(setting: "router_settings.num_retries=0")
        #expect(
            config.yaml.hasSuffix(
                """
                router_settings:
                  fallbacks: [{"first": ["second: b"]}]
                  num_retries: 0

                """))
    }
}
