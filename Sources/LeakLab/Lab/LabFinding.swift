import Foundation
import LabAPI
import LabCore
import LabReporting
import LabProxies
import LabRecords
import LabVerdict
import LabWire

/// `lab report --finding SCENARIO`: one leak, from the runs measured so far, written up as an issue for
/// LiteLLM's maintainers: a title, what happens and what should, the smallest config and the commands, the
/// releases measured (the first that leaks after one that did not, when the runs show it), the resolved
/// packages, the timeline and the cost.
///
/// The cells are every measured cell of the scenario with the given settings; a cell of another scenario on
/// the same proxy start that released its upstream requests is the contrast ("as it does for chat").
struct LabFinding {
    let report: LabReport
    let scenario: Scenario
    let settings: [String]

    /// The scenario's cells with these settings, oldest release first.
    var cells: [ReportCell] {
        report.cells.filter { $0.scenario == scenario.name && $0.settings == settings && $0.server == nil }
            .sorted { Self.order($0.buildName, $1.buildName) }
    }

    /// The newest leaking cell: the one the write-up reproduces.
    var leak: ReportCell? { cells.last { $0.verdict == .leak } }

    /// The first release that passed after the newest leaking one, when the newest measured release passes:
    /// the leak is fixed there, and nothing is left to file.
    var fixedIn: String? {
        guard let leak, let index = cells.lastIndex(where: { $0.verdict == .leak }),
            cells.last?.verdict == .pass, cells.last?.buildName != leak.buildName
        else { return nil }
        return cells[(index + 1)...].first { $0.verdict == .pass }?.buildName
    }

    /// Cells of other scenarios on the leaking cell's proxy start that passed.
    var neighbours: [ReportCell] {
        guard let leak else { return [] }
        return report.cells.filter {
            $0.proxyLabel == leak.proxyLabel && $0.scenario != scenario.name && $0.verdict == .pass
        }
    }

    /// The write-up, or nil when no cell of the scenario leaked.
    var markdown: String? {
        guard let leak else { return nil }
        let settingsText = settings.isEmpty ? "" : " with `\(settings.joined(separator: "`, `"))`"
        var text = "# \(title)\n\n"
        text +=
            "Measured with litellm-leak-lab \(report.environment.lab) (a reproduction harness for "
            + "BerriAI/litellm#9178) on \(report.environment.os), \(report.environment.python).\n\n"
        text += "## What happens\n\n"
        text +=
            "Clients call `\(scenario.proxyPath)` on LiteLLM \(leak.buildName)\(settingsText) and give up "
            + "(the lab's scenario `\(scenario.name)`: \(scenario.summary)). When a client disconnects, the "
            + "proxy keeps its upstream request to the model server open: \(leak.reason).\n\n"
        text += "## What should happen\n\n"
        text += "The proxy closes its upstream request as soon as its client has gone"
        if let contrast = neighbours.first {
            text +=
                ", as the same proxy does for `\(contrast.scenario)` in the same start (\(contrast.scenario): "
                + "PASS, \(contrast.reason))"
        }
        text += ". A model server then frees the slot instead of generating for nobody.\n\n"
        text += "## Reproduce\n\n"
        text += "The smallest config (`config.yaml`; the model server at `127.0.0.1:5001`):\n\n"
        text += MarkdownText.fenced(smallestConfig, language: "yaml") + "\n"
        text +=
            "By hand: a model server that takes its time (the lab's `fake-backend` holds every request for an "
            + "hour and counts the open ones), the proxy, and a client that gives up after 1 s:\n\n"
            + MarkdownText.fenced(byHand(leak), language: "sh") + "\n"
        text +=
            "Measured by the lab (10 clients, the upstream requests counted by the model server, a direct "
            + "control, and the verdict):\n\n```sh\n\(leak.command)\n"
            + (neighbours.first.map { "\($0.command)\n" } ?? "") + "```\n\n"
        text += "## Releases measured\n\n" + releases + "\n"
        text += "## Environment (LiteLLM \(leak.buildName))\n\n" + packages(of: leak) + "\n"
        text +=
            leak.lock.map { "Installed exactly from the lock \($0); `--lock FILE` reinstalls it.\n\n" } ?? ""
        text += "## Timeline\n\n"
        text +=
            "Upstream requests held by the model server (`|`: the clients hang up): `"
            + TimelineText.sparkline(leak.timeline, hangUpAt: leak.hangUpAt, width: 40) + "`, "
            + TimelineText.summary(leak.timeline, hangUpAt: leak.hangUpAt) + ".\n\n"
        if let cost = leak.cost {
            text += "## Cost\n\n\(cost.oneLine).\n"
        }
        return text
    }

    /// `/v1/images/generations keeps upstream requests open after the client disconnects, with
    /// cancel_on_disconnect: true (LiteLLM 1.90.0 to 1.110.2)`.
    var title: String {
        let leaking = cells.filter { $0.verdict == .leak }.map(\.buildName)
        let releases =
            leaking.count > 1
            ? "LiteLLM \(leaking.first!) to \(leaking.last!)" : "LiteLLM \(leaking.first ?? "")"
        let settingsText = settings.isEmpty ? "" : ", with \(settings.joined(separator: ", "))"
        return (fixedIn.map { "Fixed in LiteLLM \($0): " } ?? "")
            + "\(scenario.passThrough ? "A pass-through route (pass_through_endpoints)" : scenario.endpoint.path)"
            + "\(scenario.stream ? " (streaming)" : "") keeps upstream requests open after the client "
            + "disconnects\(settingsText) (\(releases))"
    }

    /// Every release measured: its verdict and figures; then the first release that leaks after one that did
    /// not, when there is one.
    private var releases: String {
        var table = MarkdownTable([
            ("LiteLLM", .left), ("verdict", .left), ("held after the hang-up", .right), ("command", .left),
        ])
        for cell in cells {
            table.append([
                cell.buildName, cell.verdictSummary, String(cell.cost?.heldRequests ?? 0),
                MarkdownText.code(cell.command),
            ])
        }
        var text = table.text
        let measured = cells.filter { $0.verdict.isMeasured }
        if let start = zip(measured, measured.dropFirst()).first(where: {
            $0.0.verdict == .pass && $0.1.verdict == .leak
        }) {
            text += "\nFirst release measured leaking after one that did not: **\(start.1.buildName)** "
            text += "(\(start.0.buildName) released its upstream requests).\n"
        } else if measured.allSatisfy({ $0.verdict == .leak }) {
            text += "\nEvery release measured leaks: no release measured here ever released them.\n"
        }
        return text
    }

    /// The three commands of a reproduction by hand: the model server, the proxy, one client that gives up.
    private func byHand(_ cell: ReportCell) -> String {
        let key = "sk-1234"
        let format = scenario.endpoint.format
        let headers = (format.requestHeaders(apiKey: key) + [("Content-Type", "application/json")]).map {
            "-H " + ShellWords.quoted("\($0.0): \($0.1)")
        }
        let body = String(
            decoding: format.requestBody(model: scenario.modelName, stream: scenario.stream).bytes,
            as: UTF8.self)
        return [
            "fake-backend --port 5001 &",
            "pip install 'litellm[proxy]==\(cell.buildName)'",
            "LITELLM_MASTER_KEY=\(key) litellm --config config.yaml --port 4000 &",
            (["curl -sS\(scenario.stream ? "N" : "") --max-time 1"] + headers + [
                "-d " + ShellWords.quoted(body),
                ShellWords.quoted("http://127.0.0.1:4000\(scenario.proxyPath)"),
            ]).joined(separator: " "),
            "curl -s http://127.0.0.1:5001/stats   # \"active\": still held after the client left",
        ].joined(separator: "\n")
    }

    /// The cell's key packages, as installed.
    private func packages(of cell: ReportCell) -> String {
        let packages = report.environment.packages[cell.installLabel] ?? [:]
        var table = MarkdownTable([("package", .left), ("version", .left)])
        for name in LiteLLMDependencies.keyPackages(overriding: cell.pins) {
            if let version = packages[name] { table.append([name, version]) }
        }
        return table.text
    }

    /// The lab's config for this one scenario and its settings, the backend at the default port.
    private var smallestConfig: String {
        let backend = HTTPURL(host: "127.0.0.1", port: 5001, path: "/")
        let route = ScenarioRoute(scenario, url: backend, clientTimeout: .seconds(1))
        return (try? LiteLLMConfig.lab(routes: [route], scenarios: [scenario], settings: settings).yaml)
            ?? "(the settings could not be applied)"
    }

    /// Releases in version order, other builds by name after them.
    private static func order(_ left: String, _ right: String) -> Bool {
        switch (try? LiteLLMVersion(left), try? LiteLLMVersion(right)) {
        case (let a?, let b?): a < b
        case (nil, nil): left < right
        case (_?, nil): true
        case (nil, _?): false
        }
    }
}
