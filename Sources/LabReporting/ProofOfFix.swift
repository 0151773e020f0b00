import LabCore
import LabRecords
import LabVerdict

/// The "proof of fix" a maintainer pastes into a pull request: the same scenarios with the same settings
/// on the build before a change and the build after it, side by side.
///
/// A cell improved when it went from LEAK to PASS, and got worse when it went from PASS to anything
/// else; an INCONCLUSIVE after the change proves nothing either way, so it fails the proof too.
///
/// ```swift
/// let proof = ProofOfFix(report: report, before: "1.89.7", after: "1.90.0", command: "lab compare ...")
/// print(proof.markdown); exit(proof.exitCode)
/// ```
package struct ProofOfFix: Sendable {
    /// How one scenario fared across the change.
    package enum Change: String, Sendable {
        case improved, unchanged, worse, unproven
    }

    /// One scenario on both builds.
    package struct Row: Sendable {
        package let scenario: String
        package let before: ReportCell
        package let after: ReportCell

        /// LEAK → PASS improved; PASS → anything else worse; INCONCLUSIVE after the change unproven.
        package var change: Change {
            if !after.verdict.isMeasured { return .unproven }
            if before.verdict == .pass && after.verdict != .pass { return .worse }
            if before.verdict == .leak && after.verdict == .pass { return .improved }
            return .unchanged
        }
    }

    /// The measured report both builds' cells are in.
    package let report: LabReport
    /// The build each side's cells carry (their ``ReportCell/buildName``).
    package let before: String, after: String
    /// The command that made the proof, as typed.
    package let command: String
    /// The scenarios, in the order measured, with both sides' cells.
    package let rows: [Row]

    /// The proof from `report`, whose cells of build `before` and `after` are paired by scenario.
    package init(report: LabReport, before: String, after: String, command: String) {
        self.report = report
        self.before = before
        self.after = after
        self.command = command
        let afterCells = Dictionary(report.cells.filter { $0.buildName == after }.map { ($0.scenario, $0) }) {
            $1
        }
        rows = report.cells.filter { $0.buildName == before }.compactMap { cell in
            afterCells[cell.scenario].map { Row(scenario: cell.scenario, before: cell, after: $0) }
        }
    }

    /// 0 when no scenario got worse or unproven and at least one improved, 1 otherwise.
    package var exitCode: Int32 {
        let changes = rows.map(\.change)
        return changes.contains(.improved) && !changes.contains(.worse) && !changes.contains(.unproven)
            ? 0 : 1
    }

    /// The outcome in one line: `2 of 3 scenarios improved (LEAK → PASS), none worse`.
    package var summary: String {
        let count = { (change: Change) in rows.filter { $0.change == change }.count }
        var parts = ["\(count(.improved)) of \(rows.count) scenarios improved (LEAK → PASS)"]
        parts.append(count(.worse) == 0 ? "none worse" : "\(count(.worse)) worse")
        if count(.unproven) > 0 { parts.append("\(count(.unproven)) INCONCLUSIVE after the change") }
        return parts.joined(separator: ", ")
    }

    /// The Markdown section: commands, both builds and their key packages, the verdicts, the cost and the
    /// timelines.
    package var markdown: String {
        // Only a comparison that proves a fix is titled as one.
        let heading = exitCode == 0 ? "Proof of fix" : "Comparison, not a proof of fix"
        var text = "## \(heading): \(before) → \(after)\n\n\(summary).\n\n"
        text +=
            "Measured with litellm-leak-lab \(report.environment.lab) on \(report.environment.os), "
            + "\(report.environment.python):\n\n```sh\n\(command)\n```\n\n"
        text +=
            "Each side alone:\n\n```sh\n"
            + Set(rows.flatMap { [$0.before.command, $0.after.command] }).sorted().joined(separator: "\n")
            + "\n```\n\n"
        text += "### Builds\n\n" + builds.text + "\n"
        var verdicts = MarkdownTable([
            ("scenario", .left), ("before", .left), ("after", .left), ("change", .left),
            ("held after the hang-up", .right), ("backend-seconds for nobody", .right),
        ])
        for row in rows {
            verdicts.append([
                row.scenario, row.before.verdictSummary, row.after.verdictSummary, row.change.rawValue,
                "\(held(row.before)) → \(held(row.after))",
                "\(backendSeconds(row.before)) → \(backendSeconds(row.after))",
            ])
        }
        text += "### Verdicts and cost\n\n" + verdicts.text + "\n"
        var timelines = MarkdownTable([("scenario", .left), ("before", .left), ("after", .left)])
        for row in rows {
            timelines.append([row.scenario, sparkline(row.before), sparkline(row.after)])
        }
        text += "### Timelines (held upstream requests; `|` is the hang-up)\n\n" + timelines.text
        return text
    }

    /// Each build's identity and key packages, one column per side; a patched release's patch by file and
    /// SHA-256 first.
    private var builds: MarkdownTable {
        let sides = [rows.first?.before, rows.first?.after].compactMap { $0 }
        var table = MarkdownTable([("", .left)] + sides.map { ($0.proxyLabel, .left) })
        if sides.contains(where: { $0.build?.patch != nil }) {
            table.append(
                ["patch"]
                    + sides.map { side in
                        side.build?.patch.map { "\($0.fileName) (sha256 \($0.sha256))" } ?? "-"
                    })
        }
        let packages = sides.map { report.environment.packages[$0.installLabel] ?? [:] }
        for name in LiteLLMDependencies.keyPackages(overriding: sides.flatMap(\.pins))
        where packages.contains(where: { $0[name] != nil }) {
            table.append([name] + packages.map { $0[name] ?? "-" })
        }
        return table
    }

    private func held(_ cell: ReportCell) -> String { String(cell.cost?.heldRequests ?? 0) }

    private func backendSeconds(_ cell: ReportCell) -> String {
        Format.seconds(cell.cost?.backendSeconds ?? 0)
    }

    private func sparkline(_ cell: ReportCell) -> String {
        "`" + TimelineText.sparkline(cell.timeline, hangUpAt: cell.hangUpAt, width: 30) + "`"
    }
}
