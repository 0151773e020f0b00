/// The text every answer carries, and the token counts the formats report for it.
package enum AnswerText {
    /// Tokens every answer reports for the prompt: the original chat body is about this long.
    static let promptTokens = 9
    /// Content pieces of the canned answer; a longer stream repeats them.
    static let deltasPerAnswer = words.count

    private static let words = [
        "The", "fake", "backend", "streams", "this", "answer", "one", "word", "at", "a", "time.",
    ]

    /// The non-streaming answer after a hold of `seconds`.
    package static func held(seconds: Double) -> String {
        "Answered by the fake backend after holding the request \(Int(seconds.rounded())) s."
    }

    /// The stream's content piece number `index` (from 0): one word, spaced so the pieces join into text.
    static func delta(_ index: Int) -> String {
        (index == 0 ? "" : " ") + words[index % words.count]
    }

    /// The completion tokens reported for `text`: one per word, as the stream sends them.
    static func tokens(in text: String) -> Int {
        text.split(separator: " ").count
    }
}
