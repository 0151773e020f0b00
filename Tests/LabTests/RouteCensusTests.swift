import Testing

@testable import LeakLab

/// The census sorts a proxy's routes by what the lab knows of them, from the routes alone.
@Suite struct RouteCensusTests {
    private func route(
        _ path: String, _ handler: String, upstream: String? = "base_process_llm_request",
        kind: String = "http",
        methods: [String] = ["POST"]
    ) -> ProxyRoute {
        ProxyRoute(
            path: path, methods: methods, kind: kind, handler: handler, upstreamCall: upstream,
            baseVariables: [],
            hosts: [])
    }

    @Test func sortsMeasuredAliasesUnmeasuredAndNoUpstreamRoutes() {
        let census = RouteCensus(routes: [
            route("/v1/chat/completions", "proxy_server.chat_completion"),
            route("/chat/completions", "proxy_server.chat_completion"),
            route(
                "/v1/threads/{thread_id}/runs", "assistants.run_thread", upstream: "llm_router.arun_thread("),
            route("/v1/realtime", "proxy_server.realtime_websocket_endpoint", kind: "websocket", methods: []),
            route(
                "/v1/live/sessions", "proxy_server.live_websocket_endpoint", kind: "websocket", methods: []),
            route("/key/generate", "key_management.generate_key_fn", upstream: nil),
        ])
        let statuses = census.rows.map(\.status)
        guard case .measured(let scenarios) = statuses[0] else {
            Issue.record("\(statuses[0])")
            return
        }
        #expect(scenarios.contains("chat") && scenarios.contains("chat-stream-mid"))
        #expect(statuses[1] == .measuredThrough(path: "/v1/chat/completions"))
        #expect(statuses[2] == .measured(scenarios: ["assistants-run"]))
        guard case .notMeasured(let live) = statuses[4] else {
            Issue.record("\(statuses)")
            return
        }
        #expect(live.contains("websocket"))
        #expect(statuses[3] == .measured(scenarios: ["realtime"]))
        #expect(statuses[5] == .noUpstream)
        #expect(
            census.summary
                == "upstream routes measured: 4 of 5 (3 directly, 1 through a route with the same handler); 1 routes"
                + " send nothing upstream")
    }

    @Test func aPathParameterServesTheMeasuredPathThatNamesOneThereAndNoOther() {
        let census = RouteCensus(routes: [
            route(
                "/v1/threads/{thread_id}/messages", "assistants.add_messages",
                upstream: "llm_router.a_add_message(")
        ])
        #expect(RouteCensus.path("/v1/threads/thread_lab/runs", fills: "/v1/threads/{thread_id}/runs"))
        #expect(!RouteCensus.path("/v1/threads/thread_lab/runs", fills: "/threads/{thread_id}/runs"))
        guard case .notMeasured(let messages) = census.rows[0].status else {
            Issue.record("\(census.rows.map(\.status))")
            return
        }
        #expect(messages.contains("assistants-run measures a run's create"))
    }

    @Test func aMeasuredPathServedByAnotherMethodIsNotMeasured() {
        let census = RouteCensus(routes: [
            route("/v1/responses", "responses.get_response", methods: ["GET"]),
            route("/v1/responses", "responses.responses_api"),
        ])
        #expect(census.rows[0].status == .notMeasured(reason: "no scenario yet"))
        #expect(census.measured.count == 1)
    }

    @Test func aProviderPassThroughIsMeasuredUnderItsPrefixOrSaysWhereItsHostComesFrom() {
        let handlers = "pass_through_endpoints.llm_passthrough_endpoints."
        let census = RouteCensus(routes: [
            route("/vllm/{endpoint:path}", handlers + "vllm_proxy_route", methods: ["GET", "POST"]),
            ProxyRoute(
                path: "/cohere/{endpoint:path}", methods: ["POST"], kind: "http",
                handler: handlers + "cohere_proxy_route",
                upstreamCall: "cohere_proxy_route (forwards to a provider)",
                baseVariables: [], hosts: ["https://api.cohere.com"]),
            ProxyRoute(
                path: "/mistral/{endpoint:path}", methods: ["POST"], kind: "http",
                handler: handlers + "mistral_proxy_route",
                upstreamCall: "mistral_proxy_route (forwards to a provider)",
                baseVariables: ["MISTRAL_API_BASE"], hosts: ["https://api.mistral.ai"]),
        ])
        #expect(census.rows[0].status == .measured(scenarios: ["provider-pass-through-vllm"]))
        guard case .notMeasured(let cohere) = census.rows[1].status,
            case .notMeasured(let mistral) = census.rows[2].status
        else {
            Issue.record("\(census.rows.map(\.status))")
            return
        }
        #expect(cohere.contains("hard-wired in its handler (https://api.cohere.com)"))
        #expect(mistral.contains("MISTRAL_API_BASE") && !mistral.contains("hard-wired"))
    }

    @Test func aRAGQueryAndAnMCPToolCallAreMeasuredWhileA2ASaysWhyNot() {
        let census = RouteCensus(routes: [
            route("/v1/rag/query", "rag_endpoints.endpoints.rag_query", upstream: "litellm.aquery("),
            route("/rag/query", "rag_endpoints.endpoints.rag_query", upstream: "litellm.aquery("),
            route("/a2a/{agent_id}", "a2a_endpoints.invoke_agent_a2a", upstream: "asend_message("),
            route("/mcp-rest/tools/call", "rest_endpoints.call_tool_rest_api", upstream: "call_mcp_tool("),
            route(
                "/mcp-rest/tools/list", "rest_endpoints.list_tool_rest_api", upstream: "list_tools(",
                methods: ["GET"]),
        ])
        #expect(census.rows[0].status == .measured(scenarios: ["rag-query"]))
        #expect(census.rows[1].status == .measuredThrough(path: "/v1/rag/query"))
        #expect(census.rows[3].status == .measured(scenarios: ["mcp-tool-call"]))
        guard case .notMeasured(let a2a) = census.rows[2].status,
            case .notMeasured(let toolList) = census.rows[4].status
        else {
            Issue.record("\(census.rows.map(\.status))")
            return
        }
        #expect(a2a.contains("a2a-sdk") && a2a.contains("not measurable"))
        #expect(toolList.contains("mcp-tool-call measures /mcp-rest/tools/call"))
    }
}
