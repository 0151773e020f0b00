/// OpenAI moderations, `POST /v1/moderations`: one result per input, nothing flagged; never streams.
struct ModerationsFormat: JSONAPIFormat {
    /// The categories the answer scores, as OpenAI's moderation models name them.
    static let categories = ["harassment", "hate", "self-harm", "sexual", "violence"]

    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        ["model": .string(model), "input": .string(prompt ?? "A lighthouse guides ships at night.")]
    }

    func answer(to call: APICall, text: String) -> JSONValue {
        let flags = JSONValue.object(Self.categories.map { ($0, JSONValue.bool(false)) })
        let scores = JSONValue.object(Self.categories.map { ($0, JSONValue.double(0.0001)) })
        return [
            "id": .string("modr-lab-\(call.requestID)"), "model": .string(call.model),
            "results": [["flagged": false, "categories": flags, "category_scores": scores]],
        ]
    }
}
