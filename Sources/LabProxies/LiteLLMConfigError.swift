/// Why a config setting cannot be applied or the config cannot be written.
package enum LiteLLMConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting is not `section.key=value`.
    case malformed(String)
    /// The section is none of those the lab writes.
    case unknownSection(String, setting: String)
    /// The value does not fit the key.
    case badValue(String, setting: String, expected: String)
    /// The config file could not be written.
    case cannotWrite(path: String, reason: String)

    /// What is wrong and what to do.
    package var description: String {
        switch self {
        case .malformed(let setting):
            return
                "setting '\(setting)' is not section.key=value (such as general_settings.cancel_on_disconnect=true)"
        case .unknownSection(let section, let setting):
            return "setting '\(setting)': unknown section '\(section)': use model, general_settings,"
                + " router_settings or litellm_settings"
        case .badValue(let value, let setting, let expected):
            return "setting '\(setting)': '\(value)' is not \(expected)"
        case .cannotWrite(let path, let reason):
            return "cannot write the LiteLLM config \(path): \(reason)"
        }
    }
}
