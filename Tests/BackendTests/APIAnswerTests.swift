import Foundation
@testable import LabAPI
@testable import LabBackend
@testable import LabCore
@testable import LabLoad
import Testing

import LabTestSupport

/// The decodable shape of each API's non-streaming answer: what that API's clients rely on.
private enum APIObjects {
    struct Usage: Decodable {
        let promptTokens: Int
        let completionTokens: Int?
        let totalTokens: Int
    }

    /// A chat or text completion: the same envelope around each API's own choices.
    struct Completion<Choice: Decodable>: Decodable {
        let id: String
        let object: String
        let created: Int
        let model: String
        let choices: [Choice]
        let usage: Usage
    }

    struct ChatChoice: Decodable {
        struct Message: Decodable {
            let role: String
            let content: String
        }
        let index: Int
        let message: Message
        let finishReason: String
    }

    struct TextChoice: Decodable {
        let text: String
        let index: Int
        let finishReason: String
    }

    struct FileObject: Decodable {
        let id: String
        let object: String
        let purpose: String
        let createdAt: Int
    }

    struct Run: Decodable {
        let id: String
        let object: String
        let threadId: String
        let status: String
    }

    struct Batch: Decodable {
        let id: String
        let object: String
        let inputFileId: String
        let status: String
    }

    struct ImageList: Decodable {
        struct Image: Decodable {
            let url: String
            let revisedPrompt: String
        }
        let created: Int
        let data: [Image]
    }

    struct Ranking: Decodable {
        struct Result: Decodable {
            let index: Int
            let relevanceScore: Double
        }
        let id: String
        let results: [Result]
    }

    struct ModerationList: Decodable {
        struct Result: Decodable {
            let flagged: Bool
            let categories: [String: Bool]
            let categoryScores: [String: Double]
        }
        let id: String
        let model: String
        let results: [Result]
    }

    struct Transcription: Decodable {
        let text: String
        let language: String
        let duration: Double
    }

    struct EmbeddingList: Decodable {
        struct Embedding: Decodable {
            let object: String
            let index: Int
            let embedding: [Double]
        }
        let object: String
        let data: [Embedding]
        let model: String
        let usage: Usage
    }

    struct Response: Decodable {
        struct Item: Decodable {
            struct Content: Decodable {
                let type: String
                let text: String
            }
            let id: String
            let type: String
            let status: String
            let role: String
            let content: [Content]
        }
        struct Usage: Decodable {
            let inputTokens: Int
            let outputTokens: Int
            let totalTokens: Int
        }
        let id: String
        let object: String
        let createdAt: Int
        let status: String
        let model: String
        let output: [Item]
        let usage: Usage
    }

    struct Message: Decodable {
        struct Block: Decodable {
            let type: String
            let text: String
        }
        struct Usage: Decodable {
            let inputTokens: Int
            let outputTokens: Int
        }
        let id: String
        let type: String
        let role: String
        let model: String
        let content: [Block]
        let stopReason: String
        let stopSequence: String?
        let usage: Usage
    }
}

@Suite struct APIAnswerTests {
    /// Keys LiteLLM's `ResponsesAPIResponse` requires, null or not.
    private static let responseKeys = [
        "id", "created_at", "error", "incomplete_details", "instructions", "metadata", "model", "object",
        "output",
        "parallel_tool_calls", "temperature", "tool_choice", "tools", "top_p", "max_output_tokens",
        "previous_response_id", "reasoning", "status", "text", "truncation", "usage", "user",
    ]

    @Test(arguments: APIEndpoint.allCases)
    func nonStreamingAnswerDecodesAsThatAPIsObject(endpoint: APIEndpoint) throws {
        let backend = try TestBackend(hold: .milliseconds(20))
        let client = try LoopbackClient(port: backend.port)
        client.send(apiRequest(endpoint, stream: false))
        let response = try #require(try client.readResponses(1).first)
        #expect(response.head.status.code == 200)
        #expect(
            response.head.headers["Content-Type"] == (endpoint == .speech ? "audio/mpeg" : "application/json")
        )
        let body = Data(response.body)
        let model = endpoint.defaultModel
        switch endpoint {
        case .chat:
            let object = try JSONCoding.decode(APIObjects.Completion<APIObjects.ChatChoice>.self, from: body)
            #expect(object.object == "chat.completion" && object.model == model)
            #expect(
                object.choices.first?.message.role == "assistant"
                    && object.choices.first?.finishReason == "stop")
            #expect(object.choices.first?.message.content.isEmpty == false)
        case .completions:
            let object = try JSONCoding.decode(APIObjects.Completion<APIObjects.TextChoice>.self, from: body)
            #expect(object.object == "text_completion" && object.model == model)
            #expect(
                object.choices.first?.finishReason == "stop" && object.choices.first?.text.isEmpty == false)
        case .embeddings:
            let object = try JSONCoding.decode(APIObjects.EmbeddingList.self, from: body)
            #expect(object.object == "list" && object.model == model)
            #expect(object.data.map(\.object) == ["embedding"])
            #expect(object.data.first?.embedding.count == EmbeddingsFormat.defaultDimensions)
        case .responses:
            let object = try JSONCoding.decode(APIObjects.Response.self, from: body)
            #expect(object.object == "response" && object.status == "completed" && object.model == model)
            #expect(object.output.first?.content.first?.type == "output_text")
            #expect(object.usage.totalTokens == object.usage.inputTokens + object.usage.outputTokens)
            let keys = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any]).keys
            #expect(Set(Self.responseKeys).subtracting(keys).isEmpty)
        case .messages:
            let object = try JSONCoding.decode(APIObjects.Message.self, from: body)
            #expect(object.type == "message" && object.role == "assistant" && object.model == model)
            #expect(object.content.first?.type == "text" && object.stopReason == "end_turn")
            #expect(object.stopSequence == nil)
        case .images, .imageEdits:
            let object = try JSONCoding.decode(APIObjects.ImageList.self, from: body)
            #expect(object.data.count == 1 && object.data.first?.url.hasPrefix("https://") == true)
            #expect(object.data.first?.revisedPrompt.isEmpty == false)
        case .files:
            let object = try JSONCoding.decode(APIObjects.FileObject.self, from: body)
            #expect(object.object == "file" && object.purpose == "batch" && object.id.hasPrefix("file-"))
        case .runs:
            let object = try JSONCoding.decode(APIObjects.Run.self, from: body)
            #expect(
                object.object == "thread.run" && object.status == "in_progress" && object.id.hasPrefix("run_")
            )
            #expect(object.threadId == "thread_lab")
        case .batches:
            let object = try JSONCoding.decode(APIObjects.Batch.self, from: body)
            #expect(
                object.object == "batch" && object.status == "validating" && object.id.hasPrefix("batch_"))
            #expect(object.inputFileId == "file-lab")
        case .transcriptions:
            let object = try JSONCoding.decode(APIObjects.Transcription.self, from: body)
            #expect(!object.text.isEmpty && object.language == "english" && object.duration > 0)
        case .speech:
            #expect(Array(response.body.prefix(2)) == [0xFF, 0xFB], "an MPEG audio frame's sync word")
            #expect(response.body.count == 417)
        case .moderations:
            let object = try JSONCoding.decode(APIObjects.ModerationList.self, from: body)
            #expect(object.model == model && object.results.count == 1)
            #expect(object.results.first.map { !$0.flagged && $0.categories["violence"] == false } == true)
        case .rerank:
            let object = try JSONCoding.decode(APIObjects.Ranking.self, from: body)
            #expect(
                object.results.map(\.index) == [0, 1, 2]
                    && object.results.allSatisfy { $0.relevanceScore > 0 })
        case .mcpToolCall:
            let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            let content = (object["result"] as? [String: Any])?["content"] as? [[String: Any]]
            #expect(object["jsonrpc"] as? String == "2.0" && content?.first?["type"] as? String == "text")
        }
        let stats = try backend.stats { $0.completed == 1 }
        #expect(stats.completed == 1 && stats.streamedChunks == 0 && stats.isConsistent)
    }

    @Test func aRunsCreateAndItsPollsAreAnsweredAtOnceInProgressAndCountedEach() throws {
        let backend = try TestBackend(hold: .seconds(3600))
        let client = try LoopbackClient(port: backend.port)
        client.send(apiRequest(.runs, stream: false))
        let created = try #require(try client.readResponses(1).first)
        let run = try JSONCoding.decode(APIObjects.Run.self, from: Data(created.body))
        for _ in 0..<2 {
            client.send(Array("GET /v1/threads/thread_lab/runs/\(run.id) HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            let polled = try #require(try client.readResponses(1).first)
            #expect(
                try JSONCoding.decode(APIObjects.Run.self, from: Data(polled.body)).status == "in_progress")
        }
        let stats = try backend.stats()
        #expect(stats.started == 3 && stats.completed == 3 && stats.active == 0)
    }

    @Test func aRunsPollIsAGetOnTheRunsOwnPath() throws {
        let backend = try TestBackend(hold: .milliseconds(10))
        let client = try LoopbackClient(port: backend.port)
        client.send(
            Array(
                "POST /v1/threads/thread_lab/runs/run_1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".utf8
            ))
        let response = try #require(try client.readResponses(1).first)
        #expect(response.head.status.code == 405 && response.head.headers["Allow"] == "GET")
    }

    @Test func aFormWithoutAModelIsRefusedAsAJSONBodyWithoutOneIs() throws {
        let backend = try TestBackend(hold: .milliseconds(10))
        let client = try LoopbackClient(port: backend.port)
        let form = MultipartForm.encode(
            fields: [("response_format", "json")], file: ("file", "a.wav", "audio/wav", [0]), boundary: "b")
        client.send(
            Array(
                ("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: \(form.count)\r\n\r\n")
                    .utf8)
                + form)
        let response = try #require(try client.readResponses(1).first)
        #expect(response.head.status.code == 400)
        #expect(try backend.stats().started == 0)
    }

    @Test func embeddingsNeverStreamAndAnswerOneVectorPerInput() throws {
        let backend = try TestBackend(hold: .milliseconds(10), behaviour: .midStream)
        let client = try LoopbackClient(port: backend.port)
        client.send(
            apiRequest(
                .embeddings, stream: true,
                body: #"{"model":"m","input":["a","b","c"],"dimensions":3,"stream":true}"#))
        let response = try #require(try client.readResponses(1).first)
        let object = try JSONCoding.decode(APIObjects.EmbeddingList.self, from: Data(response.body))
        #expect(object.data.map(\.index) == [0, 1, 2])
        #expect(object.data.allSatisfy { $0.embedding.count == 3 })
        let stats = try backend.stats()
        #expect(stats.streamedChunks == 0 && stats.isConsistent)
        #expect(try backend.records().first?.stream == false)
    }

    @Test func embeddingsAskedForInBase64AreLittleEndianFloat32() throws {
        let backend = try TestBackend(hold: .milliseconds(10))
        let client = try LoopbackClient(port: backend.port)
        client.send(
            apiRequest(
                .embeddings, stream: false,
                body: #"{"model":"m","input":"a","dimensions":4,"encoding_format":"base64"}"#))
        let response = try #require(try client.readResponses(1).first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let first = try #require((json["data"] as? [[String: Any]])?.first)
        let encoded = try #require(first["embedding"] as? String)
        let decoded = try #require(Data(base64Encoded: encoded))
        #expect(decoded.count == 4 * MemoryLayout<Float>.size)
    }

    @Test func aVectorStoreSearchIsAnsweredAtOnceAndNotCounted() throws {
        #expect(BackendRoute(method: "POST", target: "/v1/vector_stores/vs_lab/search") == .vectorStoreSearch)
        #expect(
            BackendRoute(method: "GET", target: "/v1/vector_stores/vs_lab/search")
                == .refused(.methodNotAllowed, allow: "POST"))
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send(
            "POST /v1/vector_stores/vs_lab/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 13\r\n\r\n{\"query\":\"q\"}")
        let response = try #require(try client.readResponses(1).first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect((json["data"] as? [[String: Any]])?.count == 1)
        #expect(try backend.stats().started == 0)
    }

    @Test func anMCPServerAnswersItsHandshakeAtOnceAndHoldsTheToolCall() throws {
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        for body in [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        ] {
            client.send(apiRequest(.mcpToolCall, stream: false, body: body))
        }
        let answers = try client.readResponses(3)
        #expect(answers.map(\.head.status.code) == [200, 202, 200])
        let initialize = try #require(
            try JSONSerialization.jsonObject(with: Data(answers[0].body)) as? [String: Any])
        #expect((initialize["result"] as? [String: Any])?["protocolVersion"] as? String == "2025-11-25")
        #expect(String(decoding: answers[2].body, as: UTF8.self).contains(#""name":"hold""#))
        client.send(
            apiRequest(
                .mcpToolCall, stream: false,
                body:
                    #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"hold","arguments":{}}}"#
            ))
        let stats = try backend.stats { $0.active == 1 }
        #expect(stats.started == 1)
    }

    @Test(arguments: APIEndpoint.allCases)
    func everyAPIPathRefusesOtherMethodsAndBodiesWithoutAModel(endpoint: APIEndpoint) throws {
        #expect(BackendRoute(method: "POST", target: endpoint.path) == .api(endpoint))
        #expect(
            BackendRoute(method: "GET", target: endpoint.path) == .refused(.methodNotAllowed, allow: "POST"))
        // A file upload and an assistants run name no model; an MCP tool call neither: its server holds any body
        // but a handshake's.
        guard endpoint.format.namesModel else { return }
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send(apiRequest(endpoint, stream: false, body: #"{"input":"no model"}"#))
        #expect(client.readText().hasPrefix("HTTP/1.1 400 "))
        let stats = try backend.stats()
        #expect(stats.rejected == 1 && stats.started == 0 && stats.isConsistent)
    }
}

@Suite struct JSONValueTests {
    @Test func keepsKeyOrderWritesExplicitNullsAndEscapesStrings() {
        let value: JSONValue = [
            "model": "gpt-4o", "error": nil, "n": 3, "ok": true, "x": 0.5,
            "text": "quote \" backslash \\ newline \n bell \u{7}", "list": [1, "two", [:]],
        ]
        #expect(
            value.serialized == #"{"model":"gpt-4o","error":null,"n":3,"ok":true,"x":0.5,"#
                + #""text":"quote \" backslash \\ newline \n bell \u0007","list":[1,"two",{}]}"#)
    }

    @Test func theDefaultChatBodyIsTheOriginalReproductionsByteForByte() {
        #expect(
            LoadPlan.originalChatBody
                == #"{"model":"gpt-4o","messages":[{"role":"system","content":"You are a helpful assistant."},"#
                + #"{"role":"user","content":"Hello!"}]}"#)
    }
}
