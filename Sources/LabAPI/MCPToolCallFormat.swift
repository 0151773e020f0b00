import Foundation

/// An MCP server's tool call: the proxy's REST route (`/mcp-rest/tools/call`) takes a server, a tool and its
/// arguments, and sends the server a JSON-RPC `tools/call` over streamable HTTP, `POST /mcp`, after the handshake
/// (`initialize`, `notifications/initialized`, `tools/list`) that ``handshakeAnswer(to:)`` answers at once. It
/// names no model and never streams.
package struct MCPToolCallFormat: JSONAPIFormat {
    /// The server the lab's config declares (`mcp_servers`), which the REST body names.
    package static let server = "lab"
    /// The one tool the server lists, which the client calls.
    package static let tool = "hold"

    package var namesModel: Bool { false }

    /// The REST route's body: the server, the tool and its arguments, whose `prompt` carries what the user asks
    /// (an arrival token) on to the server's `tools/call`.
    package func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        [
            "server_id": .string(Self.server), "name": .string(Self.tool),
            "arguments": ["prompt": .string(prompt ?? "Hello!")],
        ]
    }

    /// A tool result with `text`, answering the JSON-RPC request of `call`.
    package func answer(to call: APICall, text: String) -> JSONValue {
        [
            "jsonrpc": "2.0", "id": call.body.rpcID,
            "result": ["content": [["type": "text", "text": .string(text)]], "isError": false],
        ]
    }

    /// What a server answers at once, before any tool call: nil for a `tools/call` (or a body that is no JSON-RPC
    /// request, as the direct control's REST body), which the backend holds.
    package static func handshakeAnswer(to body: [UInt8]) -> Handshake? {
        guard let request = JSONRPCRequest(body), request.method != "tools/call" else { return nil }
        guard let id = request.id else { return .accepted }
        let result: JSONValue =
            switch request.method {
            case "initialize":
                [
                    "protocolVersion": .string(request.protocolVersion ?? "2025-06-18"),
                    "capabilities": ["tools": [:]],
                    "serverInfo": ["name": "litellm-leak-lab", "version": "1"],
                ]
            case "tools/list":
                [
                    "tools": [
                        [
                            "name": .string(tool), "description": "held by the lab's backend",
                            "inputSchema": ["type": "object", "properties": ["prompt": ["type": "string"]]],
                        ]
                    ]
                ]
            default: [:]
            }
        return .result(["jsonrpc": "2.0", "id": id, "result": result])
    }

    /// A handshake's answer.
    package enum Handshake {
        /// A notification: 202 Accepted, no body.
        case accepted
        /// A request's JSON-RPC response.
        case result(JSONValue)
    }
}

/// The fields of a JSON-RPC request that an MCP server's handshake reads.
private struct JSONRPCRequest {
    let method: String
    /// The request's id; nil for a notification.
    let id: JSONValue?
    /// `params.protocolVersion` of an `initialize`.
    let protocolVersion: String?

    init?(_ body: [UInt8]) {
        guard let fields = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let method = fields["method"] as? String
        else { return nil }
        self.method = method
        id = fields["id"].map(JSONValue.rpcID)
        protocolVersion = (fields["params"] as? [String: Any])?["protocolVersion"] as? String
    }
}

extension JSONValue {
    /// A JSON-RPC id as parsed by `JSONSerialization`: a number or a string; null otherwise.
    static func rpcID(_ value: Any) -> JSONValue {
        if let text = value as? String { return .string(text) }
        if let number = value as? Int { return .int(number) }
        return .null
    }
}
