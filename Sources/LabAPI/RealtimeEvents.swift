/// The events of OpenAI's Realtime API (a websocket at `/v1/realtime?model=M`) the lab sends: the server's
/// first event and the client's one message.
///
/// A realtime server sends `session.created` as soon as the socket opens, then waits for the client; the
/// lab's client sends one `conversation.item.create` whose text carries its arrival token, which LiteLLM
/// relays upstream as it came (a websocket carries the token no other way: the proxy drops the client's
/// headers and passes only `model` and `intent` in the query).
package enum RealtimeEvents {
    /// The server's first event for a session `id` of `model`.
    package static func sessionCreated(id: Int, model: String) -> String {
        JSONValue.object([
            (key: "type", value: .string("session.created")),
            (key: "event_id", value: .string("event_lab_\(id)")),
            (
                key: "session",
                value: .object([
                    (key: "id", value: .string("sess_lab_\(id)")),
                    (key: "object", value: .string("realtime.session")),
                    (key: "model", value: .string(model)),
                    (key: "modalities", value: .array([.string("text")])),
                ])
            ),
        ]).serialized
    }

    /// A user message asking `prompt` (with `ArrivalToken.prompt(carrying:)`, the token the backend reads).
    package static func userMessage(_ prompt: String) -> String {
        JSONValue.object([
            (key: "type", value: .string("conversation.item.create")),
            (
                key: "item",
                value: .object([
                    (key: "type", value: .string("message")),
                    (key: "role", value: .string("user")),
                    (
                        key: "content",
                        value: .array([
                            .object([
                                (key: "type", value: .string("input_text")),
                                (key: "text", value: .string(prompt)),
                            ])
                        ])
                    ),
                ])
            ),
        ]).serialized
    }

    /// The model a realtime URL's query names (`?model=M`), nil when it names none.
    package static func model(inTarget target: String) -> String? {
        target.drop { $0 != "?" }.dropFirst().split(separator: "&")
            .first { $0.hasPrefix("model=") }.map { String($0.dropFirst(6)) }
    }
}
