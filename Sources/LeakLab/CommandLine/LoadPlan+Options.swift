import LabAPI
import LabCore
import LabLoad

extension LoadPlan {
    /// Reads `load-client`'s plan: `--target` (or `TARGET`; a URL without a path gets the endpoint's), the
    /// API, the load and how each request is given up on.
    package static func read(_ options: inout CommandOptions) throws(UsageError) -> LoadPlan {
        guard var target = try options.url("--target", env: "TARGET") else {
            throw UsageError(
                "--target URL (or TARGET) is required, e.g. http://127.0.0.1:5001/v1/chat/completions")
        }
        let endpoint = try options.choice("--endpoint", as: APIEndpoint.self) ?? .chat
        if target.path == "/" { target = target.appending(path: endpoint.path) }
        var plan = LoadPlan(target: target, endpoint: endpoint)
        plan.requests = try options.integer("--requests", default: plan.requests, in: 1...100_000)
        plan.timeout = try options.seconds("--timeout", default: plan.timeout, in: 0.001...86_400)
        plan.apiKey = try options.headerValue("--api-key", env: "API_KEY")
        plan.stream = options.flag("--stream")
        plan.model = try options.string("--model")
        plan.behaviour = try readBehaviour(&options)
        plan.timeoutFrom = try options.choice("--timeout-from", as: TimeoutStart.self) ?? .sending
        plan.arrivals = try options.url("--arrivals")
        plan.arrivalLimit = try options.seconds(
            "--arrival-limit", default: plan.arrivalLimit, in: 0.001...600)
        return plan
    }

    /// The `load-client` options that fire this plan. The API key is left out: it is a secret, given to the
    /// load client by its environment (`API_KEY`), never on a command line or in a file of options.
    package var arguments: [String] {
        let defaults = LoadPlan(target: target)
        var words = OptionWords()
        words.add("--target", target.description)
        words.add("--requests", requests, unless: defaults.requests)
        words.add("--timeout", timeout, unless: defaults.timeout)
        if endpoint != defaults.endpoint { words.add("--endpoint", endpoint.rawValue) }
        words.flag("--stream", stream)
        words.add("--model", model)
        switch behaviour {
        case .timeout: break
        case .reset: words.add("--behaviour", "reset")
        case .afterContentChunks(let count): words.add("--after-tokens", String(count))
        }
        if timeoutFrom == .arrival {
            words.add("--timeout-from", timeoutFrom.rawValue)
            words.add("--arrivals", arrivals?.description)
            words.add("--arrival-limit", arrivalLimit, unless: defaults.arrivalLimit)
        }
        return words.words
    }

    private static func readBehaviour(_ options: inout CommandOptions) throws(UsageError) -> ClientBehaviour {
        let name = try options.string("--behaviour")
        let count = try options.string("--after-tokens").map { (text) throws(UsageError) in
            guard let count = Int(text), count >= 1 else {
                throw UsageError("--after-tokens must be a whole number of at least 1, not '\(text)'")
            }
            return count
        }
        switch name ?? (count == nil ? "timeout" : "after-tokens") {
        case "after-tokens": return .afterContentChunks(count ?? 1)
        case let other where count != nil:
            throw UsageError("--after-tokens goes with --behaviour after-tokens, not '\(other)'")
        case "timeout": return .timeout
        case "reset": return .reset
        case let other:
            throw UsageError("--behaviour must be one of timeout, reset, after-tokens, not '\(other)'")
        }
    }
}
