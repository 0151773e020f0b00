import Foundation

extension LiteLLMConfig {
    /// The config as YAML for `litellm --config`.
    ///
    /// Keys are sorted within each section, empty sections left out, strings always quoted. The
    /// typed properties (``masterKey``, ``Model/timeout``...) win over same-named extra keys.
    package var yaml: String {
        var general = generalSettings.mapValues(\.description)
        if let masterKey { general["master_key"] = ConfigValue.string(masterKey).description }
        if !passThroughs.isEmpty { general["pass_through_endpoints"] = Self.flow(passThroughs) }
        var router = routerSettings.mapValues(\.description)
        if !fallbacks.isEmpty { router["fallbacks"] = Self.flow(fallbacks) }

        var lines = ["# Written by litellm-leak-lab.", "model_list:"]
        for model in models {
            var params = model.extraParams
            params["model"] = .string(model.upstream)
            params["api_base"] = .string(model.apiBase)
            params["api_key"] = .string(model.apiKey)
            if let timeout = model.timeout { params["timeout"] = .double(timeout) }
            if let numRetries = model.numRetries { params["num_retries"] = .int(numRetries) }
            lines += ["  - model_name: \(ConfigValue.quoted(model.name))", "    litellm_params:"]
            lines += Self.entries(params, indent: "      ")
        }
        if !filesProviders.isEmpty { lines.append("files_settings:") }
        for files in filesProviders {
            lines += ["  - custom_llm_provider: \(ConfigValue.quoted(files.provider))"]
            lines += Self.entries(
                ["api_base": .string(files.apiBase), "api_key": .string(Model.labAPIKey)], indent: "    ")
        }
        if let assistantsAPIBase {
            lines += ["assistant_settings:", "  custom_llm_provider: \"openai\"", "  litellm_params:"]
            lines += Self.entries(
                ["api_base": .string(assistantsAPIBase), "api_key": .string(Model.labAPIKey)], indent: "    ")
        }
        if !vectorStores.isEmpty { lines.append("vector_store_registry:") }
        for store in vectorStores {
            lines += [
                "  - vector_store_name: \(ConfigValue.quoted(store.id))", "    litellm_params:",
            ]
            lines += Self.entries(
                [
                    "vector_store_id": .string(store.id), "custom_llm_provider": .string("openai"),
                    "api_base": .string(store.apiBase), "api_key": .string(Model.labAPIKey),
                ], indent: "      ")
        }
        if !mcpServers.isEmpty { lines.append("mcp_servers:") }
        for server in mcpServers {
            lines += ["  \(ConfigValue.quoted(server.name)):"]
            lines += Self.entries(["url": .string(server.url), "transport": .string("http")], indent: "    ")
        }
        for (section, settings) in [
            ("general_settings", general), ("router_settings", router),
            ("litellm_settings", litellmSettings.mapValues(\.description)),
        ] where !settings.isEmpty {
            lines.append("\(section):")
            lines += Self.entries(settings, indent: "  ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``yaml`` to `path`.
    ///
    /// - Throws: ``LiteLLMConfigError/cannotWrite(path:reason:)``.
    package func write(toFile path: String) throws(LiteLLMConfigError) {
        do {
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    private static func entries(_ settings: [String: ConfigValue], indent: String) -> [String] {
        entries(settings.mapValues(\.description), indent: indent)
    }

    /// Entries whose values are YAML text already.
    private static func entries(_ settings: [String: String], indent: String) -> [String] {
        settings.sorted { $0.key < $1.key }.map { "\(indent)\(key($0.key)): \($0.value)" }
    }

    /// `[{"a": ["b"]}]`: fallbacks in YAML's flow style, every name quoted.
    private static func flow(_ fallbacks: [Fallback]) -> String {
        let entries = fallbacks.map { fallback in
            "{\(ConfigValue.quoted(fallback.model)): [\(fallback.to.map(ConfigValue.quoted).joined(separator: ", "))]}"
        }
        return "[\(entries.joined(separator: ", "))]"
    }

    /// `[{"auth": false, "path": "/p", "target": "http://..."}]`: pass-through routes in YAML's flow style.
    private static func flow(_ passThroughs: [PassThrough]) -> String {
        let entries = passThroughs.map { route in
            "{\"auth\": false, \"path\": \(ConfigValue.quoted(route.path)), \"target\": \(ConfigValue.quoted(route.target))}"
        }
        return "[\(entries.joined(separator: ", "))]"
    }

    /// A key plain when it is an identifier (all of LiteLLM's are), quoted otherwise.
    private static func key(_ text: String) -> String {
        let plain =
            text.first.map { $0.isLetter || $0 == "_" } == true
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return plain ? text : ConfigValue.quoted(text)
    }
}
