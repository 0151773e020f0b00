import Foundation

/// The OpenAI `chat.completion` object the backend answers with once a hold has elapsed.
struct ChatCompletion: Encodable {
    struct Choice: Encodable {
        struct Message: Encodable {
            let role = "assistant"
            let content: String
        }
        let index = 0
        let message: Message
        let finishReason = "stop"
    }
    struct Usage: Encodable {
        let promptTokens: Int
        let completionTokens: Int
        let totalTokens: Int
    }

    let id: String
    let object = "chat.completion"
    let created: Int
    let model: String
    let choices: [Choice]
    let usage: Usage

    /// The answer to request `requestID` after holding it `heldSeconds`.
    init(requestID: Int, model: String, heldSeconds: Double, created: Double) {
        let content = "Answered by the fake backend after holding the request \(Int(heldSeconds.rounded())) s."
        let completionTokens = content.split(separator: " ").count
        id = "chatcmpl-fake-\(requestID)"
        self.created = Int(created)
        self.model = model
        choices = [Choice(message: .init(content: content))]
        usage = Usage(promptTokens: 9, completionTokens: completionTokens, totalTokens: 9 + completionTokens)
    }

    /// The request body's `model`, or nil when the body is not a JSON object naming one.
    static func requestedModel(in body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return object["model"] as? String
    }
}
