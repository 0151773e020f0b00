/// Where a held request's stream stands: whether its opening went out and what content went out so far.
///
/// The stream is the format's opening events, then one content token per event (the canned answer's
/// words, repeated for as long as a mid-stream stall lasts), then the closing events, which report exactly
/// the content that was sent.
package struct EventStream {
    private let format: any StreamingAPIFormat
    private let call: APICall
    private let answerTokens: Int
    private var openingSent = false
    /// Events handed out so far: the next one's `sequence`.
    private var sequence = 0
    private var tokens = 0
    private var text = ""

    /// The stream of `call` in `format`, whose whole answer is `answerTokens` content tokens; nothing sent yet.
    package init(format: any StreamingAPIFormat, call: APICall, answerTokens: Int) {
        self.format = format
        self.call = call
        self.answerTokens = answerTokens
    }

    /// The opening events the first time; nothing afterwards.
    package mutating func opening() -> [SSEEvent] {
        guard !openingSent else { return [] }
        openingSent = true
        let events = format.openingEvents(for: call)
        sequence += events.count
        return events
    }

    /// The event carrying the next content token; the opening must have been handed out first.
    package mutating func nextToken() -> SSEEvent {
        let delta = AnswerText.delta(tokens)
        tokens += 1
        text += delta
        defer { sequence += 1 }
        return format.deltaEvent(delta, sequence: sequence, for: call)
    }

    /// Every event still to come: the opening if it is still due, the answer's remaining tokens, then the
    /// closing events.
    package mutating func rest() -> [SSEEvent] {
        var events = opening()
        while tokens < answerTokens { events.append(nextToken()) }
        return events + format.closingEvents(text: text, deltas: tokens, sequence: sequence, for: call)
    }
}
