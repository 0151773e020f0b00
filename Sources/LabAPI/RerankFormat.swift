/// Cohere's rerank, `POST /v1/rerank`: what LiteLLM sends for a `cohere/` model whose `api_base` ends in
/// `/v1/rerank`; the answer ranks every document; never streams.
struct RerankFormat: JSONAPIFormat {
    /// The documents a request ranks: small, since nobody reads the ranking.
    static let documents = ["A lighthouse guides ships.", "Bread needs flour.", "Ships carry cargo."]

    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        [
            "model": .string(model), "query": .string(prompt ?? "What guides ships?"),
            "documents": .array(Self.documents.map { .string($0) }), "top_n": .int(Self.documents.count),
        ]
    }

    func answer(to call: APICall, text: String) -> JSONValue {
        [
            "id": .string("rerank-lab-\(call.requestID)"),
            "results": .array(
                Self.documents.indices.map { index in
                    ["index": .int(index), "relevance_score": .double(1 / Double(index + 2))]
                }),
            "meta": ["api_version": ["version": "1"], "billed_units": ["search_units": 1]],
        ]
    }
}
