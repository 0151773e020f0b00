@testable import LabReporting
@testable import LabVerdict

/// A 2-version × 3-scenario report with every kind of cell: asserted and matched, asserted and not,
/// unasserted, inconclusive, streamed cost, an empty timeline's neighbour with a stats gap.
enum ReportFixtures {
    static let oldVersion = "1.61.20"
    static let newVersion = "1.110.2"
    static let cancel = "general_settings.cancel_on_disconnect=true"

    static var report: LabReport {
        LabReport(
            environment: LabEnvironment(
                os: "Debian GNU/Linux 12 (bookworm)", kernel: "6.1.0-18-amd64 x86_64",
                python: "Python 3.11.2",
                lab: "0.4.0",
                packages: [
                    newVersion: [
                        "litellm": "1.110.2", "openai": "1.99.9", "httpx": "0.28.1", "aiohttp": "3.12.15",
                        "fastapi": "0.116.1", "uvicorn": "0.35.0", "starlette": "0.47.3",
                        "pydantic": "2.11.7",
                    ],
                    oldVersion: [
                        "litellm": "1.61.20", "openai": "1.61.1", "httpx": "0.27.2", "fastapi": "0.115.8",
                        "uvicorn": "0.29.0", "starlette": "0.45.3", "pydantic": "2.10.6", "PyYAML": "6.0.2",
                    ],
                ]),
            configs: [
                "\(newVersion) + \(cancel)": config(
                    extra: "general_settings:\n  cancel_on_disconnect: true\n"),
                oldVersion: config(extra: ""),
            ],
            cells: [
                cell(oldVersion, "chat", .leak, expected: .leak, held: 10, releasedAt: nil),
                cell(
                    oldVersion, "chat-stream-mid", .leak, expected: .leak, held: 10, releasedAt: nil,
                    chunks: 280),
                cell(oldVersion, "embeddings", .leak, expected: nil, held: 10, releasedAt: nil),
                cell(
                    newVersion, "chat", .pass, expected: .noLeak, held: 10, releasedAt: 1.25,
                    settings: [cancel]),
                cell(
                    newVersion, "chat-stream-mid", .leak, expected: .noLeak, held: 10, releasedAt: nil,
                    settings: [cancel], chunks: 290),
                cell(
                    newVersion, "embeddings", .inconclusive, expected: .noLeak, held: 7, releasedAt: nil,
                    settings: [cancel], gap: 2.0..<3.0),
            ],
            generatedAt: 1_795_600_800)
    }

    static func config(extra: String) -> String {
        """
        model_list:
          - model_name: gpt-4o
            litellm_params:
              model: openai/gpt-4o
              api_base: http://127.0.0.1:5001/v1
              api_key: fake-key
        \(extra)
        """
    }

    /// A cell whose `held` requests arrive at 0.25 s, whose clients hang up at 1.05 s, and which the backend
    /// releases at `releasedAt` (or never), sampled every 0.25 s to 4.25 s except during `gap`.
    static func cell(
        _ version: String, _ scenario: String, _ verdict: VerdictKind, expected: VerdictExpectation?,
        held: Int,
        releasedAt: Double?, settings: [String] = [], chunks: Int = 0, gap: Range<Double>? = nil
    ) -> ReportCell {
        let timeline = (0...17).map { Double($0) * 0.25 }.filter { !(gap?.contains($0) ?? false) }.map { at in
            TimelinePoint(at: at, held: at < 0.25 || releasedAt.map { at >= $0 } == true ? 0 : held)
        }
        let reason: String
        switch verdict {
        case .leak:
            reason =
                "\(held) of \(held) upstream requests still held 3.00 s after the clients hung up (grace 3.00 s)"
        case .pass: reason = "all \(held) upstream requests were released 3.0 ms after the clients hung up"
        case .inconclusive:
            reason = "the backend saw \(held) of 10 abandoned requests; stats unreachable for 1.00 s"
        case .notServed:
            reason =
                "the proxy answered all 10 requests itself (10×404) before the client timeout and sent none "
                + "upstream: this release does not serve the route"
        }
        let flags =
            (settings.map { "--setting \($0)" } + (expected.map { ["--expect \($0.rawValue)"] } ?? []))
        return ReportCell(
            version: version, settings: settings, pins: [], scenario: scenario, verdict: verdict,
            reason: reason,
            expected: expected,
            command: (["LITELLM_VERSION=\(version) .build/release/lab run --scenario \(scenario)"] + flags)
                .joined(separator: " "),
            cost: verdict == .leak
                ? LeakCost(
                    heldRequests: held, backendSeconds: Double(held) * 3.2, chunksAfterHangUp: chunks,
                    bytesAfterHangUp: chunks * 57)
                : nil,
            timeline: timeline, hangUpAt: 1.05,
            folder: "lab-runs/20261125T100000Z-litellm-\(version)-\(scenario)",
            seenByBackend: verdict == .leak ? held : nil)
    }
}
