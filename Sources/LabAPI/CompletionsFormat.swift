/// OpenAI legacy completions: a `text_completion` answer, or `text_completion` events ending in `[DONE]`.
struct CompletionsFormat: StreamingAPIFormat {
    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("model", .string(model)), ("prompt", .string(prompt ?? "Say hello.")), ("max_tokens", 16),
        ]
        if stream { fields.append(("stream", true)) }
        return .object(fields)
    }

    func answer(to call: APICall, text: String) -> JSONValue {
        completion(
            call, text: text, finishReason: "stop",
            usage: OpenAIUsage.json(completionTokens: AnswerText.tokens(in: text)))
    }

    /// A completions stream starts straight with text: there is no role to announce.
    func openingEvents(for call: APICall) -> [SSEEvent] { [] }

    func deltaEvent(_ delta: String, sequence: Int, for call: APICall) -> SSEEvent {
        SSEEvent(json: completion(call, text: delta, finishReason: nil, usage: nil))
    }

    func closingEvents(text: String, deltas: Int, sequence: Int, for call: APICall) -> [SSEEvent] {
        var events = [SSEEvent(json: completion(call, text: "", finishReason: "stop", usage: nil))]
        if call.body.includesUsage {
            events.append(
                SSEEvent(json: [
                    "id": .string(id(call)), "object": "text_completion", "created": .int(call.created),
                    "model": .string(call.model), "choices": [],
                    "usage": OpenAIUsage.json(completionTokens: deltas),
                ]))
        }
        return events + [OpenAIUsage.done]
    }

    /// `choices[0].text`.
    func content(of event: SSEEvent) -> String? {
        Self.text(((event.object?["choices"] as? [Any])?.first as? [String: Any])?["text"])
    }

    private func completion(_ call: APICall, text: String, finishReason: JSONValue, usage: JSONValue?)
        -> JSONValue
    {
        var fields: [(key: String, value: JSONValue)] = [
            ("id", .string(id(call))), ("object", "text_completion"), ("created", .int(call.created)),
            ("model", .string(call.model)), ("system_fingerprint", nil),
            (
                "choices",
                [["text": .string(text), "index": 0, "logprobs": nil, "finish_reason": finishReason]]
            ),
        ]
        if let usage { fields.append(("usage", usage)) }
        return .object(fields)
    }

    private func id(_ call: APICall) -> String { "cmpl-fake-\(call.requestID)" }
}
