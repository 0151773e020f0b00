import Foundation

/// OpenAI embeddings: a `list` of `embedding` objects, one per input; never streams.
///
/// Honours `dimensions` and `encoding_format: "base64"`, which OpenAI's Python client asks for by default
/// (little-endian float32 vectors, base64-encoded).
struct EmbeddingsFormat: JSONAPIFormat {
    /// Vector length when the request names none: small, since nobody reads these vectors.
    static let defaultDimensions = 8

    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        ["model": .string(model), "input": .string(prompt ?? "Hello!")]
    }

    func answer(to call: APICall, text: String) -> JSONValue {
        let dimensions =
            call.body.dimensions.flatMap { (1...4096).contains($0) ? $0 : nil }
            ?? Self.defaultDimensions
        let base64 = call.body.encodesBase64
        let data: [JSONValue] = (0..<call.body.inputCount).map { index in
            let vector = (0..<dimensions).map { Float(sin(Double(index * dimensions + $0 + 1))) }
            return [
                "object": "embedding", "index": .int(index),
                "embedding": base64
                    ? .string(Self.base64(vector)) : .array(vector.map { .double(Double($0)) }),
            ]
        }
        return [
            "object": "list", "data": .array(data), "model": .string(call.model),
            "usage": [
                "prompt_tokens": .int(AnswerText.promptTokens), "total_tokens": .int(AnswerText.promptTokens),
            ],
        ]
    }

    private static func base64(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return Data(bytes).base64EncodedString()
    }
}
