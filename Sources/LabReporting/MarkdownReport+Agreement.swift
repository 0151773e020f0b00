import LabVerdict

extension MarkdownReport {
    /// Whether the cells measured more than once (`lab run --repeat`'s own runs aside: a soak's runs of the same
    /// proxy setup and scenario) got one verdict each: `cells measured more than once: 40, all agree`, or which
    /// disagree, with how many runs had each verdict. Nil when no cell was measured twice.
    package static func agreement(_ cells: [ReportCell]) -> String? {
        let grid = Grid(cells)
        let repeated = grid.rows.flatMap { row in
            grid.scenarios.map { (row, $0, grid.cells(row: row, scenario: $0)) }
        }.filter { $0.2.count > 1 }
        guard !repeated.isEmpty else { return nil }
        let disagreeing = repeated.filter { Set($0.2.map(\.verdict)).count > 1 }
        guard !disagreeing.isEmpty else {
            return "cells measured more than once: \(repeated.count), all agree"
        }
        let named = disagreeing.map { row, scenario, cells in
            let verdicts = cells.map(\.verdict)
            var seen = Set<VerdictKind>()
            let counts = verdicts.filter { seen.insert($0).inserted }.map { kind in
                "\(kind.rawValue) ×\(verdicts.filter { $0 == kind }.count)"
            }
            return "\(row) \(scenario) (\(counts.joined(separator: ", ")))"
        }
        return "cells measured more than once: \(disagreeing.count) of \(repeated.count) disagree: "
            + named.joined(separator: "; ")
    }
}
