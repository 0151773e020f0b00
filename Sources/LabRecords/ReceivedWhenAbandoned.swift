/// What the abandoned requests had received when their clients gave up: whether the proxy forwarded anything.
///
/// Each abandoned request falls in exactly one of `nothing`, `headOnly`, `eventsOnly` and `content`; the
/// totals add every abandoned request's events, content chunks and content bytes.
package struct ReceivedWhenAbandoned: Codable, Sendable, Equatable {
    /// What one request had received when its client gave up.
    package struct Receipt: Equatable {
        /// Whether the response head had arrived.
        package var head = false
        /// Server-sent events received.
        package var events = 0
        /// Events carrying content (text in the API's own format).
        package var contentChunks = 0
        /// UTF-8 bytes of that content.
        package var contentBytes = 0

        /// What a request had received; nothing by default.
        package init(head: Bool = false, events: Int = 0, contentChunks: Int = 0, contentBytes: Int = 0) {
            self.head = head
            self.events = events
            self.contentChunks = contentChunks
            self.contentBytes = contentBytes
        }
    }

    /// Requests abandoned before their response head arrived.
    package var nothing = 0
    /// Requests abandoned with the head but no event.
    package var headOnly = 0
    /// Requests abandoned with events but no content (an opening, say).
    var eventsOnly = 0
    /// Requests abandoned after at least one content chunk.
    package var content = 0
    /// Events received over all abandoned requests.
    package var events = 0
    /// Content chunks received over all abandoned requests.
    package var contentChunks = 0
    /// Content bytes received over all abandoned requests.
    package var contentBytes = 0

    /// Nothing received yet.
    package init() {}

    /// Abandoned requests that had received no event at all.
    var withoutEvents: Int { nothing + headOnly }

    /// Abandoned requests that had received at least one event.
    var withEvents: Int { eventsOnly + content }

    /// Adds one abandoned request's receipt.
    package mutating func add(_ receipt: Receipt) {
        if receipt.contentChunks > 0 {
            content += 1
        } else if receipt.events > 0 {
            eventsOnly += 1
        } else if receipt.head {
            headOnly += 1
        } else {
            nothing += 1
        }
        events += receipt.events
        contentChunks += receipt.contentChunks
        contentBytes += receipt.contentBytes
    }

    /// E.g. `received before giving up: head only 7, events but no content 3; 3 events, 0 content chunks,
    /// 0 content bytes`; nil when nothing was abandoned.
    package var oneLine: String? {
        var parts: [String] = []
        if nothing > 0 { parts.append("nothing \(nothing)") }
        if headOnly > 0 { parts.append("head only \(headOnly)") }
        if eventsOnly > 0 { parts.append("events but no content \(eventsOnly)") }
        if content > 0 { parts.append("content \(content)") }
        guard !parts.isEmpty else { return nil }
        return "received before giving up: " + parts.joined(separator: ", ")
            + "; \(events) events, \(contentChunks) content chunks, \(contentBytes) content bytes"
    }
}
