/// Anthropic's Messages API: a `message` answer, or events from `message_start` to `message_stop`.
struct MessagesFormat: StreamingAPIFormat {
    /// The API version Anthropic's clients pin, and LiteLLM sends.
    static let version = "2023-06-01"

    /// Anthropic requires `max_tokens`.
    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("model", .string(model)), ("max_tokens", 1024),
            ("messages", [["role": "user", "content": .string(prompt ?? "Hello!")]]),
        ]
        if stream { fields.append(("stream", true)) }
        return .object(fields)
    }

    /// Anthropic's clients send `x-api-key`; the bearer token is added because LiteLLM's proxy checks its
    /// keys there on every route, this one included.
    func requestHeaders(apiKey: String?) -> [(String, String)] {
        var headers = [("anthropic-version", Self.version)]
        if let apiKey { headers += [("x-api-key", apiKey), ("Authorization", "Bearer \(apiKey)")] }
        return headers
    }

    func answer(to call: APICall, text: String) -> JSONValue {
        message(
            call, content: [textBlock(text)], stopReason: "end_turn",
            outputTokens: AnswerText.tokens(in: text))
    }

    func openingEvents(for call: APICall) -> [SSEEvent] {
        [
            event("message_start", ["message": message(call, content: [], stopReason: nil, outputTokens: 1)]),
            event("content_block_start", ["index": 0, "content_block": textBlock("")]),
        ]
    }

    func deltaEvent(_ delta: String, sequence: Int, for call: APICall) -> SSEEvent {
        event("content_block_delta", ["index": 0, "delta": ["type": "text_delta", "text": .string(delta)]])
    }

    func closingEvents(text: String, deltas: Int, sequence: Int, for call: APICall) -> [SSEEvent] {
        [
            event("content_block_stop", ["index": 0]),
            event(
                "message_delta",
                [
                    "delta": ["stop_reason": "end_turn", "stop_sequence": nil],
                    "usage": ["output_tokens": .int(deltas)],
                ]),
            event("message_stop", [:]),
        ]
    }

    /// The `delta.text` of a `content_block_delta` event.
    func content(of event: SSEEvent) -> String? {
        guard let object = event.object, object["type"] as? String == "content_block_delta" else {
            return nil
        }
        return Self.text((object["delta"] as? [String: Any])?["text"])
    }

    /// `event: TYPE` and a data object whose `type` comes first, as Anthropic writes them.
    private func event(_ type: String, _ fields: KeyValuePairs<String, JSONValue>) -> SSEEvent {
        SSEEvent(
            name: type,
            json: .object([("type", .string(type))] + fields.map { (key: $0.key, value: $0.value) }))
    }

    private func message(_ call: APICall, content: [JSONValue], stopReason: JSONValue, outputTokens: Int)
        -> JSONValue
    {
        [
            "id": .string("msg_fake_\(call.requestID)"), "type": "message", "role": "assistant",
            "model": .string(call.model), "content": .array(content), "stop_reason": stopReason,
            "stop_sequence": nil,
            "usage": ["input_tokens": .int(AnswerText.promptTokens), "output_tokens": .int(outputTokens)],
        ]
    }

    private func textBlock(_ text: String) -> JSONValue {
        ["type": "text", "text": .string(text)]
    }
}
