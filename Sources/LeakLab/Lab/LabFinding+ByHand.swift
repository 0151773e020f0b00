import LabCore
import LabProxies
import LabReporting

extension LabFinding {
    /// The variable holding the master key a reproduction by hand starts the proxy with and its clients send: a
    /// fresh random key, as LiteLLM's own refusal suggests (1.110.2 refuses a publicly known one such as `sk-1234`).
    static let handKeyVariable = "LITELLM_MASTER_KEY"

    /// How long a client by hand waits before it gives up: from sending, not from the request's arrival at the
    /// model server as the lab's clients (docs/scenarios.md), so with room for a slow first forward.
    static let handTimeoutSeconds = 3

    /// How long after the last client left the model server is asked what it still holds: a proxy that cancels
    /// closes its upstream request within milliseconds (the lab's grace window is as long).
    static let handGraceSeconds = 3

    /// The folder, under the root of a clone of the lab, that a reproduction by hand writes into.
    static let handFolder = "repro"

    /// A reproduction by hand of `scenarios` on `release` with `settings`, run literally by bash from the root
    /// of a clone of the lab: it builds the model server (into ``handFolder``), installs the release from `lock` (a committed
    /// `locks/litellm-X.txt`, hash-checked by pip; `litellm[proxy]==X` without one), writes the config, starts
    /// the proxy and waits until it answers, sends one client per scenario that gives up, prints the model
    /// server's `/stats` (its `"active"` counts the upstream requests still held), and stops what it started.
    ///
    /// Everything it writes goes into ``handFolder``; ports 5001 (model server) and 4000 (proxy) must be free.
    static func byHand(release: String, lock: String?, scenarios: [Scenario], settings: [String]) -> String {
        let venv = "litellm-\(release)"
        let install =
            lock.map {
                "\(venv)/bin/pip install -q --no-deps -r ../\($0)   # every package pinned, hash-checked"
            }
            ?? "\(venv)/bin/pip install -q \(ShellWords.quoted("litellm[proxy]==\(release)"))"
        // One model server serves every route; a stream stalls where its scenario says.
        let stall = scenarios.first { $0.stream && $0.backend != .answer }.map {
            " --behaviour \($0.backend.rawValue)"
        }
        // Where LiteLLM ignores a moderations model's api_base it calls the OpenAI SDK's default: the model
        // server too, as in the lab's runs.
        let sdkDefault =
            scenarios.contains { $0.endpoint == .moderations }
            ? "OPENAI_BASE_URL=http://127.0.0.1:5001/v1 OPENAI_API_KEY=\(LiteLLMConfig.Model.labAPIKey) " : ""
        let config = smallestConfig(for: scenarios, settings: settings)
        return
            ([
                "mkdir -p \(handFolder) && cd \(handFolder)",
                // A build folder of its own: it never waits for another build of the clone (`swift test` holds
                // the lock of `.build` while it runs).
                "swift build --package-path .. --scratch-path .build -c release --product fake-backend   "
                    + "# into repro/.build",
                ".build/release/fake-backend --port 5001 --status-interval 0\(stall ?? "") &",
                "python3 -m venv \(venv)",
                install,
                "cat > config.yaml <<'EOF'",
                String(config.dropLast(config.hasSuffix("\n") ? 1 : 0)),
                "EOF",
                "export \(handKeyVariable)=\"sk-$(openssl rand -hex 16)\"",
                "\(sdkDefault)LITELLM_LOCAL_MODEL_COST_MAP=True \(venv)/bin/litellm --config config.yaml --host 127.0.0.1 "
                    + "--port 4000 > proxy.log 2>&1 &",
                "for _ in $(seq 120); do curl -sf -o /dev/null http://127.0.0.1:4000/health/liveliness && break; "
                    + "sleep 1; done",
            ] + scenarios.flatMap(clientGivingUp) + [
                "sleep \(handGraceSeconds)   # a proxy that cancels closes its upstream requests within milliseconds",
                "curl -s http://127.0.0.1:5001/stats; echo   # \"active\":\(scenarios.count): the clients' upstream requests, "
                    + "still held",
                "kill %1 %2",
            ]).joined(separator: "\n")
    }

    /// One client of `scenario` that gives up after ``handTimeoutSeconds``, as curl: a JSON body, or a form with
    /// a (silent) WAV file for an API that takes one, made first.
    static func clientGivingUp(_ scenario: Scenario) -> [String] {
        let format = scenario.endpoint.format
        let payload = format.requestPayload(model: scenario.modelName, stream: scenario.stream, prompt: nil)
        // Double quotes, so that the shell puts the key in.
        let auth = format.requestHeaders(apiKey: "$\(handKeyVariable)").map { "-H \"\($0.0): \($0.1)\"" }
        let url = ShellWords.quoted("http://127.0.0.1:4000\(scenario.proxyPath)")
        let curl = "curl -sS\(scenario.stream ? "N" : "") --max-time \(handTimeoutSeconds)"
        guard payload.contentType.hasPrefix("multipart/form-data"),
            case .object(let fields) = format.requestBody(model: scenario.modelName, stream: scenario.stream)
        else {
            let headers = auth + ["-H " + ShellWords.quoted("Content-Type: \(payload.contentType)")]
            let body = String(
                decoding: scenario.body(model: scenario.modelName) ?? payload.bytes, as: UTF8.self)
            return [([curl] + headers + ["-d " + ShellWords.quoted(body), url]).joined(separator: " ")]
        }
        let form = fields.compactMap { field -> String? in
            guard case .string(let value) = field.value else { return nil }
            return "-F " + ShellWords.quoted("\(field.key)=\(value)")
        }
        return [
            "python3 -c 'import wave; w = wave.open(\"lab.wav\", \"wb\"); w.setnchannels(1); "
                + "w.setsampwidth(2); w.setframerate(16000); w.close()'   # a WAV file of no samples",
            ([curl] + auth + form + ["-F file=@lab.wav", url]).joined(separator: " "),
        ]
    }

    /// The committed lock a cell's install came from (`locks/litellm-1.110.2.txt`), from its record
    /// (`locks/litellm-1.110.2.txt (sha256 d82555ef52c0, resolved as of 2026-11-25)`); nil for any other.
    static func committedLock(of cell: ReportCell) -> String? {
        guard let path = cell.lock?.components(separatedBy: " (").first, path.hasPrefix("locks/") else {
            return nil
        }
        return path
    }

    /// What a reproduction by hand does, before its block.
    static func byHandIntroduction(release: String, lock: String?, clients: String) -> String {
        "By hand, from the root of a clone of litellm-leak-lab (everything it writes goes into `\(handFolder)/`; "
            + "ports 5001 and 4000 must be free): the lab's model server (`fake-backend` holds every request for an "
            + "hour and counts the open ones), LiteLLM \(release) "
            + (lock.map { "installed exactly from the lab's lock (`\($0)`)" } ?? "from PyPI")
            + ", the config, the proxy, and \(clients) that gives up after \(handTimeoutSeconds) s; the model "
            + "server's `/stats` then counts the upstream requests still held (`\"active\"`):\n\n"
    }
}
