/// One API's wire format: the body its clients send and the answer the backend gives after the hold.
///
/// Each API lives in its own file (`ChatCompletionsFormat`, `MessagesFormat`...); `APIEndpoint` maps a
/// path to its format, so routing knows nothing about any of them.
package protocol APIFormat: Sendable {
    /// A minimal valid request body for `model`, as this API's clients send it; `prompt` is what the user asks,
    /// nil for this API's own words.
    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue
    /// Header fields this API's clients send besides Host and Content-Type; `apiKey` authenticates.
    func requestHeaders(apiKey: String?) -> [(String, String)]
    /// The request body as sent, with its content type: ``requestBody(model:stream:prompt:)`` as JSON,
    /// unless the API takes a form.
    func requestPayload(model: String, stream: Bool, prompt: String?) -> APIBody
    /// The non-streaming answer's body, carrying `text` where the API carries text.
    func answerBody(to call: APICall, text: String) -> APIBody
    /// Whether a request names a model (all but file uploads): a body without one is refused.
    var namesModel: Bool { get }
}

/// A body as sent, a request's or an answer's: its content type and bytes.
package struct APIBody: Sendable, Equatable {
    package let contentType: String
    package let bytes: [UInt8]

    package init(contentType: String, bytes: [UInt8]) {
        self.contentType = contentType
        self.bytes = bytes
    }

    /// `value` as JSON.
    package static func json(_ value: JSONValue) -> APIBody {
        APIBody(contentType: "application/json", bytes: value.bytes)
    }
}

/// An API whose answers are JSON (all but audio).
package protocol JSONAPIFormat: APIFormat {
    /// The non-streaming answer, carrying `text`.
    func answer(to call: APICall, text: String) -> JSONValue
}

extension JSONAPIFormat {
    package func answerBody(to call: APICall, text: String) -> APIBody {
        .json(answer(to: call, text: text))
    }
}

/// An API that answers `"stream": true` with server-sent events.
///
/// A stream is `openingEvents`, then one `deltaEvent` per piece of content for as long as the backend
/// goes on, then `closingEvents`; `sequence` is an event's position in the whole stream, from 0.
/// `content(of:)` reads a stream back: the backend writes streams and the load client reads what a proxy
/// forwarded with the same type.
package protocol StreamingAPIFormat: JSONAPIFormat {
    /// The events before any content (`message_start`, `response.created`, the role chunk...).
    func openingEvents(for call: APICall) -> [SSEEvent]
    /// The event carrying one piece of content.
    func deltaEvent(_ delta: String, sequence: Int, for call: APICall) -> SSEEvent
    /// The events that end a stream whose content was `text`, sent in `deltas` pieces.
    func closingEvents(text: String, deltas: Int, sequence: Int, for call: APICall) -> [SSEEvent]
    /// The text content `event` carries, or nil for an event without any (an opening, a closing, an empty
    /// delta such as chat's role chunk): what a client of this API reads as the model's tokens.
    func content(of event: SSEEvent) -> String?
}

extension APIFormat {
    /// A minimal valid request body for `model` asking this API's own words.
    package func requestBody(model: String, stream: Bool) -> JSONValue {
        requestBody(model: model, stream: stream, prompt: nil)
    }

    /// The JSON body.
    package func requestPayload(model: String, stream: Bool, prompt: String?) -> APIBody {
        .json(requestBody(model: model, stream: stream, prompt: prompt))
    }

    /// Every API but file uploads names its model.
    package var namesModel: Bool { true }

    /// OpenAI's clients authenticate with a bearer token.
    package func requestHeaders(apiKey: String?) -> [(String, String)] {
        apiKey.map { [("Authorization", "Bearer \($0)")] } ?? []
    }
}

extension StreamingAPIFormat {
    /// `value` when it is a non-empty string: an empty delta carries no content.
    package static func text(_ value: Any?) -> String? {
        guard let text = value as? String, !text.isEmpty else { return nil }
        return text
    }
}
