import Foundation
import Testing

@testable import LabProcesses

/// What a ```sh block under `findings/` must print, read from its document, and the checks around its run.
enum FindingBlockCheck {
    /// One thing the output must show.
    enum Expectation: CustomStringConvertible {
        /// A line starting with this text (`VERDICT: LEAK`, `COMPARE: 6 of 6 scenarios improved ...`).
        case line(String)
        /// `lab matrix`'s row of a release: its verdict in each scenario's column, where the document states one.
        case matrixRow(release: String, verdicts: [String?])
        /// A line starting with `VERDICT: PASS` or `VERDICT: LEAK`: a `lab run` measured, whatever it found.
        case measured

        func isMet(by output: String) -> Bool {
            let lines = output.split(separator: "\n").map(String.init)
            switch self {
            case .line(let prefix):
                return lines.contains { $0.hasPrefix(prefix) }
            case .measured:
                return lines.contains { $0.hasPrefix("VERDICT: PASS") || $0.hasPrefix("VERDICT: LEAK") }
            case .matrixRow(let release, let verdicts):
                return lines.contains { line in
                    let words = line.split(separator: " ").map(String.init)
                    guard words.first == release, words.count == verdicts.count + 1 else { return false }
                    return zip(words.dropFirst(), verdicts).allSatisfy { word, verdict in
                        verdict.map { $0 == word } ?? (word == "PASS" || word == "LEAK")
                    }
                }
            }
        }

        var description: String {
            switch self {
            case .line(let prefix): "a line starting with \"\(prefix)\""
            case .measured: "a VERDICT of PASS or LEAK"
            case .matrixRow(let release, let verdicts):
                "the matrix row \(release) \(verdicts.map { $0 ?? "PASS|LEAK" }.joined(separator: " "))"
            }
        }
    }

    /// Fails the test, saying so, when port 5001 or 4000 is taken: the blocks use the lab's fixed ports (a
    /// reproduction by hand always, `lab` unless told `--backend-port 0 --proxy-port 0`), and would otherwise
    /// measure whatever answers there.
    static func requireFreePorts(for block: FindingBlock) throws {
        for port in FindingBlock.fixedPorts {
            do {
                try PortCheck.ensureFree(port: port)
            } catch {
                Issue.record(
                    "\(block) uses port \(port), which is taken (\(error)): stop what listens there and run again"
                )
                throw error
            }
        }
    }

    /// The model server's `/stats` as the block printed it: its last line that is a JSON object of counters.
    static func stats(in output: String) -> [String: Int]? {
        output.split(separator: "\n").reversed().lazy.compactMap { line -> [String: Int]? in
            guard line.hasPrefix("{"), let data = line.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return object.compactMapValues { $0 as? Int }
        }.first
    }

    /// What each `lab` command of `block` prints, as `document` states it: a `lab run` the verdict of the table
    /// row naming that command (in a proof of fix, its scenario's row, before or after the patch); a `lab compare`
    /// the `COMPARE:` line its proof's table of verdicts gives for its scenarios; a `lab matrix` the verdicts of the
    /// write-up's table of routes × releases; `lab report --finding` a finding ready to file. What the document
    /// does not state must at least be measured (PASS or LEAK, never INCONCLUSIVE).
    static func expectations(of block: FindingBlock, in document: String) -> [Expectation] {
        let lines = document.split(separator: "\n").map(String.init)
        return block.commands.flatMap { command -> [Expectation] in
            let words = command.split(separator: " ").map(String.init)
            guard words.count > 1, words[0] == "lab" else { return [] }
            switch words[1] {
            case "run":
                return [runVerdict(command, words, lines).map { .line("VERDICT: \($0)") } ?? .measured]
            case "compare":
                return [.line("COMPARE: " + (compareSummary(words, lines) ?? ""))]
            case "matrix":
                return matrixRows(words, lines)
            case "report":
                return [.line("[lab] finding, ready to file upstream")]
            default:
                return []
            }
        }
    }

    /// `lab run`'s verdict: the row of a table naming the command, else a proof's row of its scenario.
    private static func runVerdict(_ command: String, _ words: [String], _ lines: [String]) -> String? {
        if let row = lines.first(where: { $0.hasPrefix("|") && $0.contains("`\(command)`") }) {
            return cells(row).lazy.compactMap(verdict).first
        }
        guard let scenario = value(of: "--scenario", in: words),
            let row = lines.first(where: { $0.hasPrefix("| \(scenario) | ") })
        else { return nil }
        // | scenario | before | after | change | ...
        let columns = cells(row)
        guard columns.count > 2 else { return nil }
        return verdict(words.contains("--patch") ? columns[2] : columns[1])
    }

    /// `lab compare`'s summary line for its scenarios, from the proof's table of verdicts (scenario, before,
    /// after, change): the document's own, else the proof of fix of the patch it measures.
    private static func compareSummary(_ words: [String], _ lines: [String]) -> String? {
        guard let scenarios = value(of: "--scenarios", in: words)?.split(separator: ",").map(String.init)
        else { return nil }
        var table = lines
        if !lines.contains(where: { $0.hasPrefix("| scenario | before | after | change |") }) {
            guard let after = value(of: "--after", in: words), let patch = after.split(separator: "+").last,
                let proof = try? String(
                    contentsOfFile: FindingBlock.root + "/"
                        + patch.replacingOccurrences(of: ".diff", with: ".proof-of-fix.md"),
                    encoding: .utf8)
            else { return nil }
            table = proof.split(separator: "\n").map(String.init)
        }
        let changes = scenarios.compactMap { scenario in
            table.first { $0.hasPrefix("| \(scenario) | ") }.map(cells).flatMap { $0.count > 3 ? $0[3] : nil }
        }
        guard changes.count == scenarios.count else { return nil }
        let worse = changes.filter { $0 == "worse" }.count
        return
            "\(changes.filter { $0 == "improved" }.count) of \(scenarios.count) scenarios improved (LEAK → PASS), "
            + (worse == 0 ? "none worse" : "\(worse) worse")
    }

    /// `lab matrix`'s rows: for each release, the verdict the write-up's table states for each scenario.
    private static func matrixRows(_ words: [String], _ lines: [String]) -> [Expectation] {
        guard let versions = value(of: "--versions", in: words),
            let scenarios = value(of: "--scenarios", in: words)
        else { return [] }
        let header = lines.first { $0.hasPrefix("| scenario | route |") }.map(cells) ?? []
        return versions.split(separator: ",").map(String.init).map { release in
            let column = header.firstIndex(of: release)
            let verdicts = scenarios.split(separator: ",").map { scenario -> String? in
                guard let column,
                    let row = lines.first(where: { $0.hasPrefix("| `\(scenario)` |") }).map(cells),
                    column < row.count
                else { return nil }
                return verdict(row[column])
            }
            return .matrixRow(release: release, verdicts: verdicts)
        }
    }

    private static func cells(_ row: String) -> [String] {
        row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func verdict(_ cell: String) -> String? {
        ["LEAK", "PASS", "INCONCLUSIVE"].first { cell.hasPrefix($0) }
    }

    private static func value(of option: String, in words: [String]) -> String? {
        words.firstIndex(of: option).flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
    }
}
