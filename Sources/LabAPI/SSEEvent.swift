import Foundation

/// One server-sent event: an optional `event:` name and its data (lines joined by `\n`).
///
/// The streaming APIs write each event as `event: NAME` (Responses, Anthropic) or without a name
/// (chat and completions), then one `data:` line, then a blank line.
package struct SSEEvent: Equatable, Sendable {
    /// The `event:` field, nil when the event has none.
    var name: String?
    /// The `data:` field.
    var data: String

    /// An event from its fields.
    package init(name: String? = nil, data: String) {
        self.name = name
        self.data = data
    }

    /// An event whose data is `json`, written compact so it fits the one `data:` line.
    init(name: String? = nil, json: JSONValue) {
        self.init(name: name, data: json.serialized)
    }

    /// The data as a JSON object, nil when it is something else (`[DONE]`, say).
    var object: [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
    }

    /// The event in `text/event-stream` form, ended by the blank line that dispatches it.
    package var serialized: [UInt8] {
        var text = name.map { "event: \($0)\n" } ?? ""
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line)\n"
        }
        return Array((text + "\n").utf8)
    }
}
