import Foundation

/// An API request the backend holds, as the formats see it: its id, its arrival, and its body.
struct APICall {
    /// The fields of a request body that is a JSON object naming a model; anything else is refused (400).
    struct Body {
        /// The `model` field.
        let model: String
        /// Whether the body asks for a stream (`"stream": true`).
        let stream: Bool
        /// Every top-level field, for what one format alone reads (`input`, `stream_options`...).
        let fields: [String: Any]

        /// Parses `bytes`, or returns nil when they are not a JSON object with a string `model`.
        init?(json bytes: [UInt8]) {
            guard let fields = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                let model = fields["model"] as? String
            else { return nil }
            self.model = model
            stream = fields["stream"] as? Bool == true
            self.fields = fields
        }

        /// Whether `stream_options.include_usage` asks an OpenAI stream to end with a usage chunk.
        var includesUsage: Bool {
            (fields["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true
        }
    }

    /// The ledger's id for the request, from 1.
    let requestID: Int
    /// Arrival, whole Unix seconds: the `created` of every object answered.
    let created: Int
    /// The parsed request body.
    let body: Body

    /// The requested model, echoed in every answer as the real APIs do.
    var model: String { body.model }
}
