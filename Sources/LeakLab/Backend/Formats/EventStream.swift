/// Where a held request's stream stands: which event comes next and what content went out so far.
///
/// The stream is the format's opening events, then one content piece per event (the canned answer's
/// words, repeated for as long as a trickle lasts), then the closing events, which report exactly the
/// content that was sent.
struct EventStream {
    private let format: any StreamingAPIFormat
    private let call: APICall
    private let opening: [SSEEvent]
    private var sent = 0
    private var deltas = 0
    private var text = ""

    /// The stream of `call` in `format`, nothing sent yet.
    init(format: any StreamingAPIFormat, call: APICall) {
        self.format = format
        self.call = call
        opening = format.openingEvents(for: call)
    }

    /// The next event: an opening one while any is left, else one more piece of content.
    mutating func next() -> SSEEvent {
        defer { sent += 1 }
        if sent < opening.count { return opening[sent] }
        let delta = AnswerText.delta(deltas)
        deltas += 1
        text += delta
        return format.deltaEvent(delta, sequence: sent, for: call)
    }

    /// Every event still to come: the rest of the opening and of the canned answer, then the closing events.
    mutating func rest() -> [SSEEvent] {
        var events: [SSEEvent] = []
        while sent < opening.count || deltas < AnswerText.deltasPerAnswer { events.append(next()) }
        return events + format.closingEvents(text: text, deltas: deltas, sequence: sent, for: call)
    }
}
