/// OpenAI's Responses API: a `response` object, or typed events from `response.created` to `response.completed`.
///
/// Every field of the response object is present, `null` where unset, as OpenAI sends it: LiteLLM
/// validates the object and requires them.
struct ResponsesFormat: StreamingAPIFormat {
    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("model", .string(model)), ("input", .string(prompt ?? "Hello!")),
        ]
        if stream { fields.append(("stream", true)) }
        return .object(fields)
    }

    func answer(to call: APICall, text: String) -> JSONValue {
        response(
            call, status: "completed", output: [message(call, text: text, done: true)],
            usage: usage(outputTokens: AnswerText.tokens(in: text)))
    }

    /// Created, in progress, then the message item and its text part, both still empty.
    func openingEvents(for call: APICall) -> [SSEEvent] {
        let inProgress = response(call, status: "in_progress", output: [], usage: nil)
        return [
            event("response.created", sequence: 0, ["response": inProgress]),
            event("response.in_progress", sequence: 1, ["response": inProgress]),
            event(
                "response.output_item.added", sequence: 2,
                ["output_index": 0, "item": message(call, text: nil, done: false)]),
            event("response.content_part.added", sequence: 3, part(call, text: "")),
        ]
    }

    func deltaEvent(_ delta: String, sequence: Int, for call: APICall) -> SSEEvent {
        event(
            "response.output_text.delta", sequence: sequence,
            textFields(call) + [("delta", .string(delta)), ("logprobs", [])])
    }

    func closingEvents(text: String, deltas: Int, sequence: Int, for call: APICall) -> [SSEEvent] {
        let item = message(call, text: text, done: true)
        return [
            event(
                "response.output_text.done", sequence: sequence,
                textFields(call) + [("text", .string(text)), ("logprobs", [])]),
            event("response.content_part.done", sequence: sequence + 1, part(call, text: text)),
            event("response.output_item.done", sequence: sequence + 2, ["output_index": 0, "item": item]),
            event(
                "response.completed", sequence: sequence + 3,
                [
                    "response": response(
                        call, status: "completed", output: [item], usage: usage(outputTokens: deltas))
                ]),
        ]
    }

    /// The `delta` of a `response.output_text.delta` event.
    func content(of event: SSEEvent) -> String? {
        guard let object = event.object, object["type"] as? String == "response.output_text.delta" else {
            return nil
        }
        return Self.text(object["delta"])
    }

    /// `event: TYPE` and a data object whose `type` and `sequence_number` come first.
    private func event(_ type: String, sequence: Int, _ fields: [(key: String, value: JSONValue)]) -> SSEEvent
    {
        SSEEvent(
            name: type,
            json: .object([("type", .string(type)), ("sequence_number", .int(sequence))] + fields))
    }

    private func event(_ type: String, sequence: Int, _ fields: KeyValuePairs<String, JSONValue>) -> SSEEvent
    {
        event(type, sequence: sequence, fields.map { (key: $0.key, value: $0.value) })
    }

    private func response(_ call: APICall, status: String, output: [JSONValue], usage: JSONValue?)
        -> JSONValue
    {
        [
            "id": .string("resp_fake_\(call.requestID)"), "object": "response",
            "created_at": .int(call.created),
            "status": .string(status), "error": nil, "incomplete_details": nil, "instructions": nil,
            "max_output_tokens": nil, "model": .string(call.model), "output": .array(output),
            "parallel_tool_calls": true, "previous_response_id": nil,
            "reasoning": ["effort": nil, "summary": nil], "store": false, "temperature": 1.0,
            "text": ["format": ["type": "text"]], "tool_choice": "auto", "tools": [], "top_p": 1.0,
            "truncation": "disabled", "usage": usage ?? .null, "user": nil, "metadata": [:],
        ]
    }

    /// The assistant's message item; its content is empty until the text is known.
    private func message(_ call: APICall, text: String?, done: Bool) -> JSONValue {
        [
            "id": .string(itemID(call)), "type": "message", "status": done ? "completed" : "in_progress",
            "role": "assistant", "content": .array(text.map { [outputText($0)] } ?? []),
        ]
    }

    private func part(_ call: APICall, text: String) -> [(key: String, value: JSONValue)] {
        textFields(call) + [("part", outputText(text))]
    }

    private func textFields(_ call: APICall) -> [(key: String, value: JSONValue)] {
        [("item_id", .string(itemID(call))), ("output_index", 0), ("content_index", 0)]
    }

    private func outputText(_ text: String) -> JSONValue {
        ["type": "output_text", "text": .string(text), "annotations": []]
    }

    private func usage(outputTokens: Int) -> JSONValue {
        [
            "input_tokens": .int(AnswerText.promptTokens), "input_tokens_details": ["cached_tokens": 0],
            "output_tokens": .int(outputTokens), "output_tokens_details": ["reasoning_tokens": 0],
            "total_tokens": .int(AnswerText.promptTokens + outputTokens),
        ]
    }

    private func itemID(_ call: APICall) -> String { "msg_fake_\(call.requestID)" }
}
