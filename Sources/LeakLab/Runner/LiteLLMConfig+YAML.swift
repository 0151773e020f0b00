import Foundation

extension LiteLLMConfig {
    /// The config as YAML for `litellm --config`.
    ///
    /// Keys are sorted within each section, empty sections left out, strings always quoted. The
    /// typed properties (``masterKey``, ``Model/timeout``...) win over same-named extra keys.
    public var yaml: String {
        var general = generalSettings
        if let masterKey { general["master_key"] = .string(masterKey) }

        var lines = ["# Written by litellm-leak-lab.", "model_list:"]
        for model in models {
            var params = model.extraParams
            params["model"] = .string(model.upstream)
            params["api_base"] = .string(model.apiBase)
            params["api_key"] = .string(model.apiKey)
            if let timeout = model.timeout { params["timeout"] = .double(timeout) }
            lines += ["  - model_name: \(ConfigValue.quoted(model.name))", "    litellm_params:"]
            lines += Self.entries(params, indent: "      ")
        }
        for (section, settings) in [
            ("general_settings", general), ("router_settings", routerSettings),
            ("litellm_settings", litellmSettings),
        ] where !settings.isEmpty {
            lines.append("\(section):")
            lines += Self.entries(settings, indent: "  ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``yaml`` to `path`.
    ///
    /// - Throws: ``LiteLLMConfigError/cannotWrite(path:reason:)``.
    public func write(toFile path: String) throws(LiteLLMConfigError) {
        do {
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    private static func entries(_ settings: [String: ConfigValue], indent: String) -> [String] {
        settings.sorted { $0.key < $1.key }.map { "\(indent)\(key($0.key)): \($0.value)" }
    }

    /// A key plain when it is an identifier (all of LiteLLM's are), quoted otherwise.
    private static func key(_ text: String) -> String {
        let plain =
            text.first.map { $0.isLetter || $0 == "_" } == true
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return plain ? text : ConfigValue.quoted(text)
    }
}
