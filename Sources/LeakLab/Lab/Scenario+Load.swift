import LabAPI
import LabLoad
import LabWire

extension Scenario {
    /// The load straight at the backend at `backend`: the direct control. Plain chat names no model, as the
    /// original reproduction's body; the others name the model as the backend knows it.
    func directPlan(backend: HTTPURL, settings: LabSettings) -> LoadPlan {
        loadPlan(
            target: backend.appending(path: endpoint.path), model: name == "chat" ? nil : directModel,
            apiKey: nil, settings: settings)
    }

    /// The load through a proxy at `proxy`, asking for `model` (the scenario's own by default).
    func proxyPlan(proxy: HTTPURL, apiKey: String?, model: String? = nil, settings: LabSettings) -> LoadPlan {
        loadPlan(
            target: proxy.appending(path: proxyPath), model: model ?? modelName, apiKey: apiKey,
            settings: settings)
    }

    /// The endpoint's own body with the scenario's priority, when it names one; nil sends the endpoint's body.
    private func body(model: String?) -> [UInt8]? {
        guard let priority,
            case .object(let fields) = endpoint.format.requestBody(
                model: model ?? endpoint.defaultModel, stream: stream, prompt: nil)
        else { return nil }
        return Array(JSONValue.object(fields + [(key: "priority", value: .int(priority))]).serialized.utf8)
    }

    private func loadPlan(target: HTTPURL, model: String?, apiKey: String?, settings: LabSettings)
        -> LoadPlan
    {
        LoadPlan(
            target: target, requests: settings.load.requests,
            timeout: settings.load.clientTimeout, apiKey: apiKey, endpoint: endpoint, stream: stream,
            model: model, behaviour: client, body: body(model: model))
    }
}
