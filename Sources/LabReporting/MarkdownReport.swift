import Foundation
import LabCore
import LabRecords
import LabVerdict

/// A report as one Markdown file, ready to paste into a GitHub issue.
///
/// Sections: a summary, the verdict table (one row per proxy start, one column per scenario), the
/// environment, the exact LiteLLM configs (folded), then per cell its reason, cost, inline timeline, chart
/// link and the command that reproduces it.
///
/// ```swift
/// let markdown = MarkdownReport.render(report) { $0.chartFileName }
/// ```
package enum MarkdownReport {
    /// The report as Markdown.
    ///
    /// Rows and columns follow the order cells were run in; configs and package columns follow the rows,
    /// with anything else after them sorted, so the same report always renders to the same bytes.
    ///
    /// - Parameters:
    ///   - report: the cells, configs and environment.
    ///   - svgFile: the chart file of a cell, relative to the Markdown file, or nil when it has none.
    /// - Returns: the Markdown, ending with a newline.
    package static func render(_ report: LabReport, svgFile: (ReportCell) -> String?) -> String {
        let grid = Grid(report.cells)
        return [
            "# Upstream requests after the client hangs up: litellm-leak-lab report (BerriAI/litellm#9178)\n",
            summary(report, grid: grid),
            "## Verdicts\n\n" + verdictTable(grid) + "\n" + legend + routes(report.routes),
            "## Environment\n\n" + environment(report.environment, builds: report.builds, grid: grid)
                + locks(report.cells),
            "## LiteLLM configs\n\n" + configs(report.configs, grid: grid),
            "## Cells\n\n"
                + grid.cellsInTableOrder.map { details($0, svgFile: svgFile($0)) }.joined(separator: "\n"),
        ].joined(separator: "\n")
    }

    private static let legend = """
        LEAK: upstream requests were still held by the fake model server after the grace window that \
        follows the clients' hang-up (held/received). PASS: every one was released in time. \
        INCONCLUSIVE: the lab could not observe enough to say. NOT SERVED: the proxy answered every request \
        itself (404 or 405) and sent none upstream: the release does not have the route. ✅/❌: the verdict \
        matched/did not match the expectation given for the cell.

        """

    /// How much of each build's routes the scenarios measure, so that a route without a row is read as not
    /// measured rather than as passing; nothing when the report did not count them.
    private static func routes(_ routes: [String: String]?) -> String {
        guard let routes, !routes.isEmpty else { return "" }
        return
            "\nRoutes the scenarios measure (`lab routes --litellm-version V` lists the others, with why):\n\n"
            + routes.keys.sorted().map { "- `\($0)`: \(routes[$0]!)\n" }.joined()
    }

    /// The paragraph a maintainer reads first: what was run, what leaked, what was asserted.
    private static func summary(_ report: LabReport, grid: Grid) -> String {
        let cells = report.cells
        func count(_ kind: VerdictKind) -> Int { cells.filter { $0.verdict == kind }.count }
        var text =
            "The lab put the real LiteLLM proxy between a load client that hangs up and a fake model "
            + "server that counts the upstream requests still open. \(cells.count) cells "
            + "(\(grid.rows.count) proxy setups, \(grid.scenarios.count) scenarios): "
            + "**\(count(.leak)) LEAK**, \(count(.pass)) PASS, \(count(.inconclusive)) INCONCLUSIVE"
            + (count(.notServed) > 0
                ? ", \(count(.notServed)) NOT SERVED (routes a release does not have)" : "")
            + ". "
        let leaking = grid.rows.compactMap { row -> String? in
            let scenarios = grid.scenarios.filter { scenario in
                grid.cells(row: row, scenario: scenario).contains { $0.verdict == .leak }
            }
            return scenarios.isEmpty ? nil : "\(row) in \(MarkdownText.list(scenarios))"
        }
        text += leaking.isEmpty ? "No cell leaked. " : "Leaking: \(leaking.joined(separator: "; ")). "
        let asserted = cells.filter { $0.expected != nil }
        if !asserted.isEmpty {
            let matched = asserted.filter { $0.matched == true }.count
            let inconclusive = asserted.filter { !$0.verdict.isMeasured }.count
            text +=
                "Expectations (\(asserted.count) cells): \(matched) matched, "
                + "\(asserted.count - matched - inconclusive) not matched, \(inconclusive) inconclusive or not served. "
        }
        if let agreement = agreement(cells) {
            text += agreement.prefix(1).uppercased() + agreement.dropFirst() + ". "
        }
        return text + "Lab \(report.environment.lab), report made \(LabClock.iso8601(report.generatedAt)).\n"
    }

    private static func verdictTable(_ grid: Grid) -> String {
        var table = MarkdownTable([("LiteLLM", .left)] + grid.scenarios.map { ($0, .left) })
        for row in grid.rows {
            table.append([row] + grid.scenarios.map { tableCell(grid.cells(row: row, scenario: $0)) })
        }
        return table.text
    }

    /// `✅ LEAK 10/10 held`, `—` when not run; a cell run several times (a repeat, a soak) shows every verdict
    /// with how many runs had it, `LEAK 10/10 held ×5` when all agree, since hiding one could hide a flaky result.
    private static func tableCell(_ cells: [ReportCell]) -> String {
        guard !cells.isEmpty else { return "—" }
        let labels = cells.map { ($0.expectationMark.map { $0 + " " } ?? "") + $0.verdictSummary }
        guard cells.count > 2 else { return labels.joined(separator: "; ") }
        var counts: [String: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        var seen = Set<String>()
        return labels.filter { seen.insert($0).inserted }.map { "\($0) ×\(counts[$0]!)" }
            .joined(separator: "; ")
    }

    /// The machine, the lab, every build exactly (kind, path, git state, digest), then the packages per install.
    private static func environment(_ environment: LabEnvironment, builds: [LiteLLMBuild], grid: Grid)
        -> String
    {
        var text = """
            - OS: \(MarkdownText.prose(environment.os))
            - kernel: \(MarkdownText.prose(environment.kernel))
            - Python: \(MarkdownText.prose(environment.python))
            - lab: \(MarkdownText.prose(environment.lab))

            """
        text += builds.map {
            "- build \(MarkdownText.code($0.name)): \(MarkdownText.prose($0.description))\n"
        }
        .joined()
        let installs = grid.ordered(Array(environment.packages.keys))
        guard !installs.isEmpty else { return text }
        let present = Set(environment.packages.values.flatMap(\.keys))
        let first = LiteLLMDependencies.keyPackages(overriding: grid.overrides)
        let packages = first.filter(present.contains) + present.subtracting(first).sorted()
        var table = MarkdownTable([("package", .left)] + installs.map { ($0, .left) })
        for package in packages {
            table.append([package] + installs.map { environment.packages[$0]?[package] ?? "—" })
        }
        text += "\n" + table.text
        let broken = environment.brokenConstraints ?? [:]
        for install in installs where !(broken[install] ?? []).isEmpty {
            text +=
                "\nDeclared constraints that \(MarkdownText.code(install)) breaks (its overrides win over them):\n\n"
                + (broken[install] ?? []).map { "- " + MarkdownText.code($0) }.joined(separator: "\n") + "\n"
        }
        return text
    }

    /// Which lock each install came from: what reproduces its packages exactly (`--lock`), or says it was
    /// resolved on the day of the run.
    private static func locks(_ cells: [ReportCell]) -> String {
        var seen: Set<String> = []
        let lines = cells.compactMap { cell -> String? in
            guard let lock = cell.lock, seen.insert(cell.installLabel).inserted else { return nil }
            return "- lock of \(MarkdownText.code(cell.installLabel)): \(MarkdownText.prose(lock))\n"
        }
        return lines.isEmpty
            ? "" : "\nPackages, each install exactly as its lock lists them:\n\n" + lines.joined()
    }

    private static func configs(_ configs: [String: String], grid: Grid) -> String {
        guard !configs.isEmpty else { return "No config recorded.\n" }
        return grid.ordered(Array(configs.keys)).map { label in
            "<details><summary>\(XMLText.escape(label))</summary>\n\n"
                + MarkdownText.fenced(configs[label] ?? "", language: "yaml") + "\n</details>\n"
        }.joined(separator: "\n")
    }

    private static func details(_ cell: ReportCell, svgFile: String?) -> String {
        var text =
            "### \(cell.proxyLabel) · \(cell.scenario)\n\n"
            + "**\(cell.verdictSummary)**: \(MarkdownText.prose(cell.reason))\n\n"
        if let expected = cell.expected, let mark = cell.expectationMark {
            text += "- expected: \(expected.rawValue) \(mark)\n"
        }
        if let cost = cell.cost {
            text +=
                "- cost: \(cost.heldRequests) upstream requests still held, "
                + "\(Format.seconds(cost.backendSeconds)) of backend time after the hang-up, "
                + "\(cost.chunksAfterHangUp) chunks (\(cost.bytesAfterHangUp) bytes) written after the clients left\n"
            if let late = cost.startedAfterHangUp, late > 0, let upstream = cost.upstreamRequests,
                let amplification = cost.amplification
            {
                text +=
                    "- work for nobody: \(late) upstream requests started after the clients had hung up "
                    + "(\(Format.seconds(cost.backendSecondsStartedAfterHangUp ?? 0)) of backend time); "
                    + "\(upstream) upstream requests for \(cost.abandonedRequests ?? 0) abandoned clients, "
                    + String(format: "%.1f×", amplification)
                    + (cost.lastEndedAfterHangUpSeconds.map {
                        ", the last ended \(Format.seconds($0)) after the hang-up"
                    }
                        ?? ", some still held when measuring stopped") + "\n"
            }
        }
        if let probe = cell.slotProbe {
            text += "- cost to a new user: \(MarkdownText.prose(probe.sentence))\n"
        }
        text += "- timeline: "
        if !cell.timeline.isEmpty {
            text += MarkdownText.code(TimelineText.sparkline(cell.timeline, hangUpAt: cell.hangUpAt)) + " "
        }
        text += TimelineText.summary(cell.timeline, hangUpAt: cell.hangUpAt)
        if let svgFile, let link = svgFile.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) {
            text += " ([chart](\(link)))"
        }
        return text + "\n- run folder: \(MarkdownText.code(cell.folder))\n\n"
            + MarkdownText.fenced(cell.command, language: "sh")
    }
}
