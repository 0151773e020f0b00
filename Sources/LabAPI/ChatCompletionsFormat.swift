/// OpenAI chat completions: a `chat.completion` answer, or `chat.completion.chunk` events ending in `[DONE]`.
package struct ChatCompletionsFormat: StreamingAPIFormat {
    /// The format; it has no settings.
    package init() {}

    /// The original reproduction's body (the user says `Hello!` unless `prompt` says otherwise); with `stream`,
    /// `"stream":true` follows.
    package func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("model", .string(model)),
            (
                "messages",
                [
                    ["role": "system", "content": "You are a helpful assistant."],
                    ["role": "user", "content": .string(prompt ?? "Hello!")],
                ]
            ),
        ]
        if stream { fields.append(("stream", true)) }
        return .object(fields)
    }

    package func answer(to call: APICall, text: String) -> JSONValue {
        let tokens = AnswerText.tokens(in: text)
        return [
            "id": .string(id(call)), "object": "chat.completion", "created": .int(call.created),
            "model": .string(call.model),
            "choices": [
                [
                    "index": 0, "message": ["role": "assistant", "content": .string(text), "refusal": nil],
                    "logprobs": nil, "finish_reason": "stop",
                ]
            ],
            "usage": OpenAIUsage.json(completionTokens: tokens), "system_fingerprint": nil,
        ]
    }

    /// The first chunk names the role, as OpenAI's does.
    package func openingEvents(for call: APICall) -> [SSEEvent] {
        [chunk(call, delta: ["role": "assistant", "content": ""], finishReason: nil)]
    }

    package func deltaEvent(_ delta: String, sequence: Int, for call: APICall) -> SSEEvent {
        chunk(call, delta: ["content": .string(delta)], finishReason: nil)
    }

    package func closingEvents(text: String, deltas: Int, sequence: Int, for call: APICall) -> [SSEEvent] {
        var events = [chunk(call, delta: [:], finishReason: "stop")]
        if call.body.includesUsage {
            events.append(
                SSEEvent(json: [
                    "id": .string(id(call)), "object": "chat.completion.chunk", "created": .int(call.created),
                    "model": .string(call.model), "choices": [],
                    "usage": OpenAIUsage.json(completionTokens: deltas),
                ]))
        }
        return events + [OpenAIUsage.done]
    }

    /// `choices[0].delta.content`.
    package func content(of event: SSEEvent) -> String? {
        let choice = (event.object?["choices"] as? [Any])?.first as? [String: Any]
        return Self.text((choice?["delta"] as? [String: Any])?["content"])
    }

    private func chunk(_ call: APICall, delta: JSONValue, finishReason: JSONValue) -> SSEEvent {
        SSEEvent(json: [
            "id": .string(id(call)), "object": "chat.completion.chunk", "created": .int(call.created),
            "model": .string(call.model), "system_fingerprint": nil,
            "choices": [["index": 0, "delta": delta, "logprobs": nil, "finish_reason": finishReason]],
        ])
    }

    private func id(_ call: APICall) -> String { "chatcmpl-fake-\(call.requestID)" }
}

/// What OpenAI's chat and text completions share: the usage object and the stream's last event.
enum OpenAIUsage {
    /// `{"prompt_tokens":9,"completion_tokens":N,"total_tokens":9+N}`.
    static func json(completionTokens: Int) -> JSONValue {
        [
            "prompt_tokens": .int(AnswerText.promptTokens), "completion_tokens": .int(completionTokens),
            "total_tokens": .int(AnswerText.promptTokens + completionTokens),
        ]
    }

    /// `data: [DONE]`: the end of every OpenAI completions stream.
    static let done = SSEEvent(data: "[DONE]")
}
