extension RouteCensus {
    /// Why an upstream route is not measured yet, by what it is: a provider pass-through by where its host comes
    /// from, else the first rule whose words its path or handler holds; "no scenario yet" otherwise.
    static func reason(_ route: ProxyRoute) -> String {
        let text = route.path + " " + route.handler
        if route.kind == "websocket" {
            return "a websocket: no scenario yet (the lab measures the realtime websocket, scenario realtime)"
        }
        if passThroughWords.contains(where: text.contains) { return passThroughReason(route) }
        return reasons.first { rule in rule.words.contains { text.contains($0) } }?.reason
            ?? "no scenario yet"
    }

    private static let passThroughWords = ["pass_through", "passthrough"]

    /// A provider pass-through's reason: where its handler takes its upstream from, which says whether the lab
    /// can point it at a backend of its own.
    private static func passThroughReason(_ route: ProxyRoute) -> String {
        if !route.baseVariables.isEmpty {
            return "a provider pass-through whose host the proxy's environment sets ("
                + route.baseVariables.joined(separator: " or ")
                + "): no scenario yet (provider-pass-through-vllm measures /vllm so)"
        }
        if !route.hosts.isEmpty {
            return
                "a provider pass-through to a host hard-wired in its handler (\(route.hosts.joined(separator: ", ")))"
                + ": the lab cannot point it at its backend"
        }
        return
            "a provider pass-through whose host its handler does not name: no scenario yet (the lab measures"
            + " a pass-through route of its own config, scenario pass-through, and /vllm, scenario"
            + " provider-pass-through-vllm)"
    }

    /// The rules, most specific first.
    private static let reasons: [(words: [String], reason: String)] = [
        (
            ["/threads", "/assistants"],
            "assistants: no scenario yet (assistants-run measures a run's create, POST /v1/threads/{thread_id}/runs;"
                + " the others create or read an assistant, a thread or its messages: one upstream call each)"
        ),
        (
            ["/batches", "/files", "/fine_tuning"],
            "batches, files and fine-tuning: no scenario yet (files-upload measures POST /v1/files, batches-create"
                + " POST /v1/batches; a content download or a batch's retrieval is a GET, which the lab's client and"
                + " backend do not hold yet)"
        ),
        (
            ["/images/variations"],
            "image variations: no scenario yet (a multipart form, as images-edits sends)"
        ),
        (["/health"], "a health check: it calls models on purpose, for no client"),
        (
            ["/a2a"],
            "A2A: not measurable with the lab's locks: message/send and message/stream need the a2a-sdk package,"
                + " which only LiteLLM's extra-proxy extra names (the locks install the proxy extra); without it the"
                + " proxy answers 500 before any upstream call"
        ),
        (
            ["/mcp"],
            "MCP: no scenario yet (mcp-tool-call measures /mcp-rest/tools/call, a REST tool call to an MCP server"
                + " over streamable HTTP)"
        ),
        (
            ["/rag/"],
            "RAG: no scenario yet (rag-query measures /v1/rag/query; an ingest uploads a file first)"
        ),
        (["/vector_stores", "/search", "/ocr", "/videos", "/containers"], "no scenario yet"),
    ]
}
