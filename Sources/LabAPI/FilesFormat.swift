/// OpenAI file upload, `POST /v1/files`: a `multipart/form-data` request (the purpose and a JSONL file of batch
/// requests) and the file object as the answer; it names no model and never streams.
struct FilesFormat: JSONAPIFormat {
    var namesModel: Bool { false }

    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        ["purpose": "batch"]
    }

    func requestPayload(model: String, stream: Bool, prompt: String?) -> APIBody {
        APIBody(
            contentType: "multipart/form-data; boundary=\(MultipartForm.labBoundary)",
            bytes: MultipartForm.encode(
                fields: [("purpose", "batch")],
                file: (
                    "file", "lab.jsonl", "application/jsonl", Self.batchLine(prompt: prompt)
                ),
                boundary: MultipartForm.labBoundary))
    }

    /// The file object OpenAI answers an upload with.
    func answer(to call: APICall, text: String) -> JSONValue {
        [
            "id": .string("file-lab-\(call.requestID)"), "object": "file", "bytes": 0,
            "created_at": .int(call.created), "filename": "lab.jsonl", "purpose": "batch",
            "status": "processed",
        ]
    }

    /// The model a batch line names: the provider's own, as in a file uploaded for it. A model of the proxy's
    /// router would make LiteLLM send the upload through the router instead of `files_settings` whenever
    /// `enable_loadbalancing_on_batch_endpoints` is on, as it is for a batch scenario in the same start.
    private static let batchModel = "gpt-4o-mini"

    /// One line of a batch input file: a chat request for ``batchModel`` asking `prompt`, which carries what the
    /// user asks (an arrival token) to the backend inside the file.
    private static func batchLine(prompt: String?) -> [UInt8] {
        let body = ChatCompletionsFormat().requestBody(model: Self.batchModel, stream: false, prompt: prompt)
        let line: JSONValue = [
            "custom_id": "lab-1", "method": "POST", "url": "/v1/chat/completions", "body": body,
        ]
        return line.bytes + [10]
    }
}
