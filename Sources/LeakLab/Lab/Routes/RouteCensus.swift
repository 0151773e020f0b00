/// The routes a LiteLLM build serves, sorted by what the lab knows of them: routes a scenario measures (or
/// that share a measured route's handler), routes that send a request upstream but are not measured (each
/// with why), and routes that send none (admin, keys, the UI).
struct RouteCensus: Sendable {
    /// What the lab knows of one route.
    enum Status: Sendable, Equatable {
        /// A scenario sends its load here.
        case measured(scenarios: [String])
        /// Same handler as a measured route: the same code answers it.
        case measuredThrough(path: String)
        /// It sends a request upstream, and no scenario measures it yet.
        case notMeasured(reason: String)
        /// It sends nothing upstream.
        case noUpstream
    }

    /// One route and its status.
    struct Row: Sendable, Equatable {
        let route: ProxyRoute
        let status: Status
    }

    /// Every route, in the application's order.
    let rows: [Row]

    /// Sorts `routes` by the scenarios of `catalogue`.
    init(routes: [ProxyRoute], catalogue: [Scenario] = Scenario.catalogue) {
        var measuredPaths: [String: [String]] = [:]
        var measuredWebsockets: [String: [String]] = [:]
        for scenario in catalogue where !scenario.passThrough {
            let path = scenario.proxyRoute ?? scenario.endpoint.path
            if scenario.realtime {
                measuredWebsockets[path, default: []].append(scenario.name)
            } else {
                measuredPaths[path, default: []].append(scenario.name)
            }
        }
        // The scenarios' loads are POSTs or websockets: another method on the same path is another handler. A
        // route ending in a path parameter (`/vllm/{endpoint:path}`) serves every path under its prefix.
        func scenarios(of route: ProxyRoute) -> [String]? {
            if route.kind == "websocket" { return measuredWebsockets[route.path] }
            guard route.methods.contains("POST") else { return nil }
            if let scenarios = measuredPaths[route.path] { return scenarios }
            // A route with a parameter in one segment (`/v1/threads/{thread_id}/runs`) serves a measured path that
            // names one there (an assistants run's thread).
            if route.path.contains("{"), !route.path.contains(":path}"),
                let (_, scenarios) = measuredPaths.first(where: { Self.path($0.key, fills: route.path) })
            {
                return scenarios
            }
            guard route.path.hasSuffix(":path}"), let brace = route.path.firstIndex(of: "{"),
                route.path.distance(from: route.path.startIndex, to: brace) > 1
            else { return nil }
            let under = measuredPaths.filter { $0.key.hasPrefix(route.path[..<brace]) }
            return under.isEmpty ? nil : under.sorted { $0.key < $1.key }.flatMap(\.value)
        }
        let measuredHandlers = Dictionary(
            routes.compactMap { route in scenarios(of: route).map { _ in (route.handler, route.path) } },
            uniquingKeysWith: { first, _ in first })
        rows = routes.map { route in
            guard route.upstreamCall != nil else { return Row(route: route, status: .noUpstream) }
            if let scenarios = scenarios(of: route) {
                return Row(route: route, status: .measured(scenarios: scenarios))
            }
            if let path = measuredHandlers[route.handler] {
                return Row(route: route, status: .measuredThrough(path: path))
            }
            return Row(route: route, status: .notMeasured(reason: Self.reason(route)))
        }
    }

    /// The routes that send a request upstream.
    var upstream: [Row] { rows.filter { $0.status != .noUpstream } }

    /// The upstream routes a scenario measures, directly or through a route with the same handler.
    var measured: [Row] {
        upstream.filter {
            switch $0.status {
            case .measured, .measuredThrough: true
            case .notMeasured, .noUpstream: false
            }
        }
    }

    /// `upstream routes measured: N of M (K directly)`.
    var summary: String {
        let direct = rows.filter { if case .measured = $0.status { true } else { false } }.count
        return "upstream routes measured: \(measured.count) of \(upstream.count) (\(direct) directly, "
            + "\(measured.count - direct) through a route with the same handler); \(rows.count - upstream.count)"
            + " routes send nothing upstream"
    }

    /// Whether `path` is one that `template` serves: the same segments, a `{parameter}` standing for any one.
    static func path(_ path: String, fills template: String) -> Bool {
        let (segments, slots) = (path.split(separator: "/"), template.split(separator: "/"))
        return segments.count == slots.count
            && zip(segments, slots).allSatisfy { $0 == $1 || ($1.hasPrefix("{") && $1.hasSuffix("}")) }
    }
}
