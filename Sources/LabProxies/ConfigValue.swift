import Foundation

/// A scalar setting in a LiteLLM config: bool, integer, decimal or string.
///
/// Literals work directly: `["cancel_on_disconnect": true, "num_retries": 0]`.
package enum ConfigValue: Sendable, Hashable, CustomStringConvertible, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// A decimal number.
    case double(Double)
    /// Text, always written quoted.
    case string(String)

    /// Reads a value as typed on the command line: `true`/`false`, an integer, a decimal such as
    /// `2.5`, or else the text itself as a string.
    ///
    /// - Parameter text: The typed value.
    package init(parsing text: String) {
        if text == "true" || text == "false" {
            self = .bool(text == "true")
        } else if let number = Int(text) {
            self = .int(number)
        } else if text.contains("."), text.allSatisfy({ "0123456789.-".contains($0) }),
            let number = Double(text)
        {
            self = .double(number)
        } else {
            self = .string(text)
        }
    }

    /// Creates a bool value.
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates an integer value.
    package init(integerLiteral value: Int) { self = .int(value) }
    /// Creates a decimal value.
    package init(floatLiteral value: Double) { self = .double(value) }
    /// Creates a string value.
    package init(stringLiteral value: String) { self = .string(value) }

    /// The value as YAML: plain for bools and numbers, double-quoted (and escaped) for strings.
    package var description: String {
        switch self {
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value) where value.isNaN: return ".nan"
        case .double(let value) where value.isInfinite: return value < 0 ? "-.inf" : ".inf"
        case .double(let value):
            // PyYAML (YAML 1.1) reads a float only with a dot in it: "1e+300" would load as a string.
            let text = String(value)
            return text.contains(".") ? text : text.replacingOccurrences(of: "e", with: ".0e")
        case .string(let value): return ConfigValue.quoted(value)
        }
    }

    /// A YAML double-quoted scalar: quotes, backslashes and control characters escaped, so no text
    /// (a key with `#`, `: ` or a newline) can change the document's structure.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                result += String(format: "\\x%02X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
