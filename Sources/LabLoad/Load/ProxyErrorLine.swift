import Foundation

/// The one line that says why a proxy answered with an error, short enough for a verdict's reason.
///
/// LiteLLM answers a failed request with JSON whose `error.message` names the exception; other proxies
/// answer with a line of text or an HTML page. Either way the first line that says something is kept.
///
/// ```swift
/// ProxyErrorLine.first(inBody: Array(#"{"error":{"message":"litellm.APIConnectionError: boom"}}"#.utf8))
/// // "litellm.APIConnectionError: boom"
/// ```
package enum ProxyErrorLine {
    /// The longest line kept, in characters: a longer one is cut and ends with `…`.
    static let maxCharacters = 300

    /// How much of an error answer's body the load client keeps: LiteLLM's messages can carry a whole
    /// traceback, and one cut short is no longer JSON.
    static let bodyLimit = 16 * 1024

    /// The first line of `error.message` when `body` is JSON of that shape, else the body's first non-empty
    /// line, at most `maxCharacters`; nil when the body says nothing.
    package static func first(inBody body: [UInt8]) -> String? {
        if let answer = try? JSONDecoder().decode(ErrorAnswer.self, from: Data(body)) {
            return firstLine(of: answer.error.message)
        }
        return firstLine(of: String(decoding: body, as: UTF8.self))
    }

    /// `line` cut to at most `maxCharacters`, the last of them `…` when it was longer.
    package static func shortened(_ line: some StringProtocol) -> String {
        line.count <= maxCharacters ? String(line) : String(line.prefix(maxCharacters - 1)) + "…"
    }

    /// The first line of `text` that is not blank, trimmed and shortened.
    private static func firstLine(of text: String) -> String? {
        text.split(whereSeparator: \.isNewline)
            .lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
            .map(shortened)
    }

    /// The shape of LiteLLM's error answers: `{"error": {"message": ..., "type": ..., "code": ...}}`.
    private struct ErrorAnswer: Decodable {
        struct Detail: Decodable {
            var message: String
        }

        var error: Detail
    }
}
