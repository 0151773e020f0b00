/// OpenAI batches, `POST /v1/batches`: a JSON request naming an uploaded input file, and the batch object as the
/// answer; the SDK names no model, and the answer never streams.
struct BatchesFormat: JSONAPIFormat {
    var namesModel: Bool { false }

    /// The batch of a file the lab never uploaded (the backend keeps no files): `model` names the router's model,
    /// which LiteLLM's proxy reads to route the batch when `enable_loadbalancing_on_batch_endpoints` is on, and the
    /// user's words ride in `metadata`, which the SDK sends on: they carry an arrival token to the backend.
    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        [
            "input_file_id": "file-lab", "endpoint": "/v1/chat/completions", "completion_window": "24h",
            "model": .string(model), "metadata": ["lab": .string(prompt ?? "Hello!")],
        ]
    }

    /// A batch just created, still validating its file.
    func answer(to call: APICall, text: String) -> JSONValue {
        [
            "id": .string("batch_lab-\(call.requestID)"), "object": "batch",
            "endpoint": "/v1/chat/completions",
            "input_file_id": "file-lab", "completion_window": "24h", "status": "validating",
            "created_at": .int(call.created),
            "request_counts": ["total": 0, "completed": 0, "failed": 0],
        ]
    }
}
