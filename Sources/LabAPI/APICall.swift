import Foundation

/// An API request the backend holds, as the formats see it: its id, its arrival, and its body.
package struct APICall {
    /// The fields of a request body that is a JSON object naming a model; anything else is refused (400).
    package struct Body {
        /// The `model` field.
        let model: String
        /// Whether the body asks for a stream (`"stream": true`).
        package let stream: Bool
        /// Whether `stream_options.include_usage` asks an OpenAI stream to end with a usage chunk.
        let includesUsage: Bool
        /// The `dimensions` field (embeddings), when it is an integer.
        let dimensions: Int?
        /// Whether `encoding_format` (embeddings) asks for base64 vectors.
        let encodesBase64: Bool
        /// How many inputs `input` (embeddings) holds: a string, a list of strings, a token list (one input)
        /// or a list of token lists; 1 when absent or empty.
        let inputCount: Int
        /// The JSON-RPC `id` (an MCP server's `tools/call`), which its answer repeats; null when absent.
        let rpcID: JSONValue

        /// Parses a request body of `contentType`: a form's text fields (the audio and image editing APIs, file
        /// uploads), else JSON; nil when it names no model, unless `namesModel` is false (a file upload, an
        /// assistants run, whose model is then empty; an empty body, a run's poll, then reads as `{}`).
        package init?(_ bytes: [UInt8], contentType: String?, namesModel: Bool = true) {
            guard let boundary = MultipartForm.boundary(of: contentType) else {
                self.init(
                    json: bytes.isEmpty && !namesModel ? Array("{}".utf8) : bytes, namesModel: namesModel)
                return
            }
            guard let fields = MultipartForm.textFields(bytes, boundary: boundary),
                let model = fields["model"] ?? (namesModel ? nil : "")
            else {
                return nil
            }
            // The fields the answers read, as the JSON body of the same request would carry them.
            self.init(
                json: JSONValue.object([
                    ("model", .string(model)), ("stream", .bool(fields["stream"] == "true")),
                ]).bytes)
        }

        /// Parses `bytes`, or returns nil when they are not a JSON object with a string `model` (with any model,
        /// or none, when `namesModel` is false: a file upload's, an assistants run's or an MCP tool call's, whose
        /// model is then empty; no bytes at all read as `{}`, a run's poll).
        ///
        /// Only what the answers read is kept: the body's tree (messages and all) would otherwise stay in
        /// memory for as long as the request is held.
        package init?(json bytes: [UInt8], namesModel: Bool = true) {
            guard let fields = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                let model = fields["model"] as? String ?? (namesModel ? nil : "")
            else { return nil }
            self.model = model
            rpcID = fields["id"].map(JSONValue.rpcID) ?? .null
            stream = fields["stream"] as? Bool == true
            includesUsage = (fields["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true
            dimensions = fields["dimensions"] as? Int
            encodesBase64 = fields["encoding_format"] as? String == "base64"
            inputCount = Self.inputCount(of: fields["input"])
        }

        private static func inputCount(of input: Any?) -> Int {
            guard let inputs = input as? [Any], !inputs.isEmpty else { return 1 }
            return inputs.allSatisfy { $0 is String || $0 is [Any] } ? inputs.count : 1
        }
    }

    /// The ledger's id for the request, from 1.
    package let requestID: Int
    /// Arrival, whole Unix seconds: the `created` of every object answered.
    let created: Int
    /// The parsed request body.
    let body: Body

    /// The call of request `requestID`, arrived at `created` (whole Unix seconds), with `body`.
    package init(requestID: Int, created: Int, body: Body) {
        self.requestID = requestID
        self.created = created
        self.body = body
    }

    /// The requested model, echoed in every answer as the real APIs do.
    var model: String { body.model }
}
