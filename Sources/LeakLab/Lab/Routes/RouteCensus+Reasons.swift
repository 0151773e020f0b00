extension RouteCensus {
    /// Why an upstream route is not measured yet, by what it is: the first rule whose words its path or
    /// handler holds; "no scenario yet" otherwise.
    static func reason(_ route: ProxyRoute) -> String {
        let text = route.path + " " + route.handler
        if route.kind == "websocket" {
            return "a websocket: no scenario yet (the lab measures the realtime websocket, scenario realtime)"
        }
        return reasons.first { rule in rule.words.contains { text.contains($0) } }?.reason
            ?? "no scenario yet"
    }

    /// The rules, most specific first.
    private static let reasons: [(words: [String], reason: String)] = [
        (
            ["pass_through", "passthrough", "_passthrough"],
            "a provider pass-through: no scenario yet (the lab measures"
                + " a pass-through route of its own config, scenario pass-through)"
        ),
        (["/threads", "/assistants"], "assistants: no scenario yet (a run is polled: create, then poll)"),
        (
            ["/batches", "/files", "/fine_tuning"],
            "batches, files and fine-tuning: no scenario yet (uploads and"
                + " content downloads)"
        ),
        (
            ["/images/edits", "/images/variations"],
            "multipart images: no scenario yet (the images route's contrast)"
        ),
        (["/health"], "a health check: it calls models on purpose, for no client"),
        (
            ["/rag/", "/a2a", "/mcp", "/vector_stores", "/search", "/ocr", "/videos", "/containers"],
            "no scenario yet"
        ),
    ]
}
