import Foundation
import LabCore
import LabRecords
import LabReporting
import LabVerdict

/// `lab report --finding A,B,C`: several scenarios that leak for one cause, written up as one issue for
/// LiteLLM's maintainers: every route in one table (its verdict on each release measured, the cost, the first
/// release that leaks), one smallest config serving them all, one set of commands, the locks, the timelines.
///
/// Each route keeps the honesty of a single finding (``LabFinding``): a route whose newest measured release
/// passes is marked fixed there and left out of the title; when every route that leaked is fixed, the write-up
/// is titled "Fixed in LiteLLM X" and is a record, not an issue to file. A route that never leaked stays in the
/// table, saying so.
struct LabCauseFinding {
    let report: LabReport
    /// One single-scenario finding per route, in the order asked for.
    let routes: [LabFinding]
    let settings: [String]

    /// The write-up of `scenarios` measured with `settings` in `report`.
    init(report: LabReport, scenarios: [Scenario], settings: [String]) {
        self.report = report
        self.settings = settings
        routes = scenarios.map { LabFinding(report: report, scenario: $0, settings: settings) }
    }

    /// The routes measured leaking on some release.
    var leaking: [LabFinding] { routes.filter { $0.leak != nil } }

    /// The routes that leaked and whose newest release measured does not pass: what the issue is about.
    var open: [LabFinding] { leaking.filter { $0.fixedIn == nil } }

    /// When every route that leaked passes on its newest release measured: the newest of the releases they
    /// were fixed in (from there on, none of them leaks). Nil while one still leaks.
    var fixedIn: String? {
        guard !leaking.isEmpty, open.isEmpty else { return nil }
        return leaking.compactMap(\.fixedIn).max(by: LabFinding.order)
    }

    /// Every release measured for these routes with these settings, oldest first.
    var releases: [String] {
        Array(Set(routes.flatMap { $0.cells.map(\.buildName) })).sorted(by: LabFinding.order)
    }

    /// `6 routes (/v1/images/generations, /v1/rerank, ... and a pass-through route (pass_through_endpoints)) keep
    /// upstream requests open after the client disconnects, with general_settings.cancel_on_disconnect=true
    /// (LiteLLM 1.90.0 to 1.110.2)`: the routes still leaking (every route that leaked, when all are fixed).
    var title: String {
        let shown = open.isEmpty ? leaking : open
        let leakingReleases = Set(shown.flatMap { $0.cells.filter { $0.verdict == .leak }.map(\.buildName) })
            .sorted(by: LabFinding.order)
        let releases =
            leakingReleases.count > 1
            ? "LiteLLM \(leakingReleases.first!) to \(leakingReleases.last!)"
            : "LiteLLM \(leakingReleases.first ?? "")"
        let subject =
            shown.count == 1
            ? "\(shown[0].routeName) keeps"
            : "\(shown.count) routes (\(MarkdownText.list(shown.map { Self.lowered($0.routeName) }))) keep"
        let settingsText = settings.isEmpty ? "" : ", with \(settings.joined(separator: ", "))"
        return (fixedIn.map { "Fixed in LiteLLM \($0): " } ?? "")
            + "\(subject) upstream requests open after the client disconnects\(settingsText) (\(releases))"
    }

    /// A passing cell of another scenario on the proxy start of the first open route's newest leak: what the
    /// same proxy does right (chat first, when it was measured).
    var contrast: ReportCell? {
        guard let leak = (open.first ?? leaking.first)?.leak else { return nil }
        let names = Set(routes.map(\.scenario.name))
        let passing = report.cells.filter {
            $0.proxyLabel == leak.proxyLabel && !names.contains($0.scenario) && $0.verdict == .pass
        }
        return passing.first { $0.scenario == "chat" } ?? passing.first
    }

    /// The write-up, or nil when no route leaked.
    var markdown: String? {
        guard
            let newest = (open.isEmpty ? leaking : open).compactMap(\.leak).max(by: {
                LabFinding.order($0.buildName, $1.buildName)
            })
        else { return nil }
        let settingsText = settings.isEmpty ? "" : " with `\(settings.joined(separator: "`, `"))`"
        var text = LabFinding.opening(title: title, environment: report.environment)
        text +=
            "Clients call each route below on each LiteLLM release listed\(settingsText), and give up after "
            + "1 s. When a client disconnects, the proxy keeps its upstream request to the model server open on "
            + "every route and release marked LEAK (`LEAK 10/10 held`: of the upstream requests the model server "
            + "saw, those still open after the grace window):\n\n"
        text += table + "\n"
        text += notes
        text += "## What should happen\n\n"
        text += "The proxy closes its upstream request as soon as its client has gone"
        if let contrast {
            text +=
                ", as the same proxy does for `\(contrast.scenario)` in the same start (\(contrast.scenario): "
                + "PASS, \(contrast.reason))"
        }
        text += ". A model server then frees the slot instead of generating for nobody.\n\n"
        text += "## Reproduce\n\n"
        let shown = open.isEmpty ? leaking : open
        let lock = LabFinding.committedLock(of: newest)
        text += LabFinding.byHandIntroduction(
            release: newest.buildName, lock: lock, clients: "one client per route")
        text +=
            MarkdownText.fenced(
                LabFinding.byHand(
                    release: newest.buildName, lock: lock, scenarios: shown.map(\.scenario),
                    settings: settings),
                language: "sh") + "\n"
        text +=
            "Measured by the lab (10 clients per route, the upstream requests counted by the model server, a "
            + "direct control, and a verdict per route), then written up as this document:\n\n"
            + MarkdownText.fenced(commands.joined(separator: "\n"), language: "sh") + "\n"
        text += "## Releases and locks\n\n" + locks + "\n"
        text += "Packages of LiteLLM \(newest.buildName):\n\n"
        text += LabFinding.packages(of: newest, in: report) + "\n"
        text += "## Timelines\n\n"
        text +=
            "Upstream requests held by the model server on the newest release each route leaks on (`|`: the "
        text += "clients hang up):\n\n"
        for route in shown {
            guard let leak = route.leak else { continue }
            text +=
                "- `\(route.scenario.name)` on \(leak.buildName): `"
                + TimelineText.sparkline(leak.timeline, hangUpAt: leak.hangUpAt, width: 40) + "`, "
                + TimelineText.summary(leak.timeline, hangUpAt: leak.hangUpAt) + "\n"
        }
        text += "\n"
        let costs = shown.compactMap { $0.leak?.cost }
        if !costs.isEmpty {
            let held = costs.map(\.heldRequests).reduce(0, +)
            let seconds = costs.map(\.backendSeconds).reduce(0, +)
            let abandoned = costs.compactMap(\.abandonedRequests)
            text += "## Cost\n\n"
            text +=
                "Together, each route on the newest release it leaks on"
                + (abandoned.count == costs.count ? ", for \(abandoned.reduce(0, +)) abandoned clients" : "")
                + ": \(held) upstream requests held, \(String(format: "%.1f", seconds)) backend-seconds after the "
                + "hang-up.\n"
        }
        return text
    }

    /// One row per route: its verdict on every release measured, the first release that leaks, the newest
    /// release's state and the newest leak's cost.
    var table: String {
        var table = MarkdownTable(
            [("scenario", .left), ("route", .left)] + releases.map { ($0, .left) } + [
                ("first release that leaks", .left), ("newest release measured", .left),
                ("cost of the newest leak", .left),
            ])
        for route in routes {
            let verdicts = releases.map { release in
                route.cells.first { $0.buildName == release }?.verdictSummary ?? "not measured"
            }
            table.append(
                [MarkdownText.code(route.scenario.name), MarkdownText.code(route.scenario.proxyPath)]
                    + verdicts + [
                        Self.firstLeak(of: route), Self.state(of: route),
                        route.leak?.cost.map {
                            "\($0.heldRequests) held, \(String(format: "%.1f", $0.backendSeconds)) backend-s "
                                + "(\(route.leak!.buildName))"
                        } ?? "",
                    ])
        }
        return table.text
    }

    /// The first release each route leaks on, as far as the releases measured tell.
    static func firstLeak(of route: LabFinding) -> String {
        if let start = route.firstLeakAfterPass {
            return "**\(start.leaked.buildName)** (\(start.passed.buildName) passes)"
        }
        let measured = route.cells.filter { $0.verdict.isMeasured }
        guard let first = measured.first(where: { $0.verdict == .leak }) else { return "none measured" }
        return measured.allSatisfy { $0.verdict == .leak }
            ? "\(first.buildName) or earlier (every release measured leaks)" : first.buildName
    }

    /// Whether a route's newest release measured still leaks, is fixed, or never leaked.
    static func state(of route: LabFinding) -> String {
        if let fixed = route.fixedIn { return "**fixed in \(fixed)**" }
        guard let newest = route.cells.last else { return "not measured" }
        if route.leak == nil { return "\(newest.buildName): \(newest.verdict.rawValue), never leaked" }
        return "\(newest.buildName): \(newest.verdict.rawValue)"
    }

    /// What the table alone does not say: routes fixed or never leaking, and whether any release ever passed.
    private var notes: String {
        var lines: [String] = []
        for route in leaking where route.fixedIn != nil {
            lines.append(
                "`\(route.scenario.name)` is fixed in LiteLLM \(route.fixedIn!): its newest release measured "
                    + "passes, so it is a record here and not part of what is filed.")
        }
        for route in routes where route.leak == nil {
            lines.append("`\(route.scenario.name)` leaked on no release measured.")
        }
        if !open.isEmpty, open.allSatisfy({ route in route.cells.allSatisfy { $0.verdict == .leak } }) {
            lines.append(
                "Every route listed as leaking leaks on every release measured: no release measured here ever "
                    + "released them.")
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n\n"
    }

    /// The lab's commands that measure every route again and write this document.
    var commands: [String] {
        let settingWords = settings.flatMap { ["--setting", $0] }
        let scenarios = routes.map(\.scenario.name) + (contrast.map { [$0.scenario] } ?? [])
        return [
            ShellWords.line(
                [
                    "lab", "matrix", "--versions", releases.joined(separator: ","), "--scenarios",
                    scenarios.joined(separator: ","),
                ] + settingWords),
            ShellWords.line(
                ["lab", "report", "--finding", routes.map(\.scenario.name).joined(separator: ",")]
                    + settingWords),
        ]
    }

    /// Each release measured and the lock it was installed from.
    private var locks: String {
        var table = MarkdownTable([("LiteLLM", .left), ("installed from", .left)])
        for release in releases {
            let lock = routes.lazy.flatMap(\.cells).first { $0.buildName == release && $0.lock != nil }?.lock
            table.append([release, lock.map { "the lock \($0)" } ?? "no lock recorded"])
        }
        return table.text
            + "\nA lock is the full resolution (every package `==` its version, with hashes): `lab run` and "
            + "`lab matrix` install it by default from a checkout; `--lock FILE` reinstalls it anywhere.\n"
    }

    /// A route's name inside a sentence: `A pass-through route` → `a pass-through route`.
    private static func lowered(_ name: String) -> String {
        name.hasPrefix("A ") ? "a " + name.dropFirst(2) : name
    }
}
