import LabAPI
import LabLoad
import LabWire

extension Scenario {
    /// The load straight at the backend at `backend`: the direct control. Plain chat names no model, as the
    /// original reproduction's body; the others name the model as the backend knows it.
    func directPlan(backend: HTTPURL, settings: LabSettings) -> LoadPlan {
        loadPlan(
            target: backend.appending(path: directPath), endpoint: directEndpoint,
            model: name == "chat" ? nil : directModel, apiKey: nil, backend: backend, settings: settings)
    }

    /// The load through a proxy at `proxy`, asking for `model` (the scenario's own by default); an arrival
    /// client asks `backend` when its requests arrived.
    func proxyPlan(
        proxy: HTTPURL, apiKey: String?, model: String? = nil, backend: HTTPURL?, settings: LabSettings
    ) -> LoadPlan {
        loadPlan(
            target: proxy.appending(path: proxyPath), endpoint: endpoint, model: model ?? modelName,
            apiKey: apiKey,
            backend: backend, settings: settings)
    }

    /// The endpoint's own body with the scenario's own fields when it has some (``bodyFields``); nil sends the
    /// endpoint's body.
    func body(model: String?) -> [UInt8]? {
        guard !bodyFields.isEmpty,
            case .object(let fields) = endpoint.format.requestBody(
                model: model ?? endpoint.defaultModel, stream: stream, prompt: nil)
        else { return nil }
        return Array(JSONValue.object(fields + bodyFields).serialized.utf8)
    }

    /// The fields the scenario adds to the endpoint's body: the priority the queue route answers 400 without,
    /// the `retrieval_config` a RAG query answers 400 without.
    var bodyFields: [(key: String, value: JSONValue)] {
        var fields: [(key: String, value: JSONValue)] = []
        if let priority { fields.append((key: "priority", value: .int(priority))) }
        if let vectorStore {
            fields.append(
                (
                    key: "retrieval_config",
                    value: ["vector_store_id": .string(vectorStore), "custom_llm_provider": "openai"]
                ))
        }
        return fields
    }

    /// The plan; a client whose timeout starts at its request's arrival asks `backend` when that was, and
    /// without one leaves at its wall-clock timeout instead.
    private func loadPlan(
        target: HTTPURL, endpoint: APIEndpoint, model: String?, apiKey: String?, backend: HTTPURL?,
        settings: LabSettings
    ) -> LoadPlan {
        var plan = LoadPlan(
            target: target, requests: settings.load.requests,
            timeout: settings.load.clientTimeout, apiKey: apiKey, endpoint: endpoint, stream: stream,
            model: model, behaviour: client, body: body(model: model))
        // A body of the scenario's own carries no arrival token: its client can only be a wall-clock one.
        let chosen = bodyFields.isEmpty ? settings.load.timeoutFrom ?? timeoutFrom : timeoutFrom
        plan.timeoutFrom = backend == nil ? .sending : chosen
        plan.arrivals = backend
        plan.websocket = realtime
        return plan
    }
}
