extension LiteLLMConfig {
    /// Applies one `section.key=value` setting, as given on the lab's command line.
    ///
    /// Sections: `general_settings`, `router_settings`, `litellm_settings`, and `model` (its
    /// `litellm_params`, plus `model_name`). Values: `true`/`false`, integers and decimals become
    /// bools and numbers, anything else a string (see ``ConfigValue/init(parsing:)``).
    ///
    /// ```swift
    /// try config.apply(setting: "router_settings.num_retries=0")
    /// try config.apply(setting: "model.timeout=5")
    /// ```
    ///
    /// - Parameter setting: The setting; the value may contain `=`.
    /// - Throws: ``LiteLLMConfigError`` for a malformed setting, an unknown section, or a value
    ///   that does not fit (such as a `model.timeout` that is not a number).
    package mutating func apply(setting: String) throws(LiteLLMConfigError) {
        guard let equals = setting.firstIndex(of: "="), let dot = setting[..<equals].firstIndex(of: ".")
        else {
            throw .malformed(setting)
        }
        let section = String(setting[..<dot])
        let key = String(setting[setting.index(after: dot)..<equals])
        let text = String(setting[setting.index(after: equals)...])
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw .malformed(setting)
        }
        let value = ConfigValue(parsing: text)
        switch (section, key) {
        case ("model", "timeout"):
            switch value {
            case .int(let seconds) where seconds > 0: updateModels { $0.timeout = Double(seconds) }
            case .double(let seconds) where seconds > 0: updateModels { $0.timeout = seconds }
            default: throw .badValue(text, setting: setting, expected: "a positive number of seconds")
            }
        // Fields with their own properties take the text as typed: a key "1234" stays a string.
        case ("model", "model_name"): updateModels { $0.name = text }
        case ("model", "model"): updateModels { $0.upstream = text }
        case ("model", "api_base"): updateModels { $0.apiBase = text }
        case ("model", "api_key"): updateModels { $0.apiKey = text }
        case ("model", _): updateModels { $0.extraParams[key] = value }
        case ("general_settings", "master_key"): masterKey = text
        case ("general_settings", _): generalSettings[key] = value
        case ("router_settings", _): routerSettings[key] = value
        case ("litellm_settings", _): litellmSettings[key] = value
        default: throw .unknownSection(section, setting: setting)
        }
    }

    /// `model.KEY=V` settings apply to every model of the config.
    private mutating func updateModels(_ change: (inout Model) -> Void) {
        for index in models.indices { change(&models[index]) }
    }
}
