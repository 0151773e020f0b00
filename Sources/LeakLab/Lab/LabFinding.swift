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

    /// The scenario's cells with these settings, oldest release first: each build as installed by the lab's own
    /// rules (its lock), when any was measured so; else every cell.
    var cells: [ReportCell] {
        let plain = measured.filter(\.dependencies.isEmpty)
        return plain.isEmpty ? measured : plain
    }

    /// The scenario's cells with these settings measured with their packages overridden (`--pip`, a day, a
    /// lock of one's own) beside the plain ones: the controls, such as a release with another openai.
    var controls: [ReportCell] {
        cells.count == measured.count ? [] : measured.filter { !$0.dependencies.isEmpty }
    }

    /// Every cell of the scenario with these settings under the default server, oldest release first.
    private var measured: [ReportCell] {
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

    /// A write-up's title, what it was measured with, and the heading of what happens.
    static func opening(title: String, environment: LabEnvironment) -> String {
        "# \(title)\n\nMeasured with litellm-leak-lab \(environment.lab) (a reproduction harness for "
            + "BerriAI/litellm#9178) on \(environment.os), \(environment.python).\n\n## What happens\n\n"
    }

    /// The write-up, or nil when no cell of the scenario leaked.
    var markdown: String? {
        guard let leak else { return nil }
        let settingsText = settings.isEmpty ? "" : " with `\(settings.joined(separator: "`, `"))`"
        var text = Self.opening(title: title, environment: report.environment)
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
        let lock = Self.committedLock(of: leak)
        text += Self.byHandIntroduction(release: leak.buildName, lock: lock, clients: "a client")
        text +=
            MarkdownText.fenced(
                Self.byHand(release: leak.buildName, lock: lock, scenarios: [scenario], settings: settings),
                language: "sh") + "\n"
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
        // A regression names the last release that was good.
        let lastGood =
            fixedIn == nil ? firstLeakAfterPass.map { "; \($0.passed.buildName) released them" } : nil
        return (fixedIn.map { "Fixed in LiteLLM \($0): " } ?? "")
            + "\(routeName) keeps upstream requests open after the client disconnects\(settingsText) "
            + "(\(releases)\(lastGood ?? ""))"
    }

    /// What the clients call, as a title names it: `/v1/images/generations`, `A pass-through route
    /// (pass_through_endpoints)`, `/v1/chat/completions (streaming; the model server has sent only the response
    /// head)`.
    var routeName: String {
        let route =
            scenario.passThrough
            ? "A pass-through route (pass_through_endpoints)" : scenario.proxyRoute ?? scenario.endpoint.path
        guard scenario.stream else { return route }
        let stall =
            switch scenario.backend {
            case .queued: "; the model server has not sent the response head"
            case .head: "; the model server has sent only the response head"
            case .opening: "; the model server has sent only its opening events"
            case .firstToken: "; the model server stalls after the first token"
            case .midStream, .answer: ""
            }
        return route + " (streaming\(stall))"
    }

    /// The newest release measured passing before the first release measured leaking after it (the last
    /// good and the first bad release), when the runs show one.
    var firstLeakAfterPass: (passed: ReportCell, leaked: ReportCell)? {
        let measured = cells.filter { $0.verdict.isMeasured }
        return zip(measured, measured.dropFirst()).first { $0.0.verdict == .pass && $0.1.verdict == .leak }
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
        let decided = cells.filter { $0.verdict.isMeasured }
        if let start = firstLeakAfterPass {
            text += "\nFirst release measured leaking after one that did not: **\(start.leaked.buildName)** "
            text += "(\(start.passed.buildName) released its upstream requests).\n"
            let changes = Self.packageChanges(from: start.passed, to: start.leaked, in: report)
            if !changes.isEmpty {
                text +=
                    "\nThe installs of the two differ in more than LiteLLM, and either may be the cause: "
                    + changes.joined(separator: ", ")
                    + (controls.isEmpty ? "" : " (the controls below override some of them)")
                    + ".\n"
            }
        } else if decided.allSatisfy({ $0.verdict == .leak }) {
            text += "\nEvery release measured leaks: no release measured here ever released them.\n"
        }
        let locks = cells.compactMap { cell in cell.lock.map { "\(cell.installLabel): \($0)" } }
        if locks.count > 1 {
            text += "\nEach installed from its lock: " + locks.joined(separator: "; ") + ".\n"
        }
        if !controls.isEmpty {
            var table = MarkdownTable([
                ("LiteLLM, packages overridden", .left), ("verdict", .left), ("command", .left),
            ])
            for cell in controls {
                table.append([cell.installLabel, cell.verdictSummary, MarkdownText.code(cell.command)])
            }
            text += "\nControls, the same scenario with packages overridden:\n\n" + table.text
        }
        return text
    }

    /// The packages whose versions differ between the installs of `old` and `new` but LiteLLM's own:
    /// `openai 2.54.0 → 3.57.0`, `distro 1.9.0 → none`.
    static func packageChanges(from old: ReportCell, to new: ReportCell, in report: LabReport) -> [String] {
        let before = report.environment.packages[old.installLabel] ?? [:]
        let after = report.environment.packages[new.installLabel] ?? [:]
        guard !before.isEmpty, !after.isEmpty else { return [] }
        return Set(before.keys).union(after.keys).subtracting(["litellm"]).sorted().compactMap { name in
            before[name] == after[name] ? nil : "\(name) \(before[name] ?? "none") → \(after[name] ?? "none")"
        }
    }

    /// The cell's key packages, as installed.
    private func packages(of cell: ReportCell) -> String { Self.packages(of: cell, in: report) }

    /// The key packages of `cell`'s install, as `report` recorded them.
    static func packages(of cell: ReportCell, in report: LabReport) -> String {
        let packages = report.environment.packages[cell.installLabel] ?? [:]
        var table = MarkdownTable([("package", .left), ("version", .left)])
        for name in LiteLLMDependencies.keyPackages(overriding: cell.pins) {
            if let version = packages[name] { table.append([name, version]) }
        }
        return table.text
    }

    /// The lab's config for `scenarios` and `settings`, every route to one backend at the default port.
    static func smallestConfig(for scenarios: [Scenario], settings: [String]) -> String {
        let backend = HTTPURL(host: "127.0.0.1", port: 5001, path: "/")
        let routes = scenarios.map { ScenarioRoute($0, url: backend, clientTimeout: .seconds(1)) }
        return (try? LiteLLMConfig.lab(routes: routes, settings: settings).yaml)
            ?? "(the settings could not be applied)"
    }

    /// Releases in version order, other builds by name after them.
    static func order(_ left: String, _ right: String) -> Bool {
        switch (try? LiteLLMVersion(left), try? LiteLLMVersion(right)) {
        case (let a?, let b?): a < b
        case (nil, nil): left < right
        case (_?, nil): true
        case (nil, _?): false
        }
    }
}
