import LabVerdict

/// The verdict table `lab matrix` prints row by row while it runs.
struct MatrixTable {
    let scenarios: [String]
    private var rows: [[VerdictKind]] = []
    private let labelWidth: Int
    /// Rows measured before a row above them, by their place in the table, until they can be printed.
    private var waiting: [Int: String] = [:]
    /// How many rows were handed out for printing.
    private var printed = 0

    /// A table with a column per scenario, its first column as wide as the longest of `labels` (the rows to come).
    init(scenarios: [String], labels: [String] = []) {
        self.scenarios = scenarios
        labelWidth = labels.map(\.count).reduce(12, max)
    }

    /// The column headings.
    var header: String { line(label: "LiteLLM", cells: scenarios) }

    /// Records a version's verdicts and returns its printed row.
    mutating func row(label: String, verdicts: [VerdictKind]) -> String {
        rows.append(verdicts)
        return line(label: label, cells: verdicts.map(\.rawValue))
    }

    /// Records the verdicts of the row at `place` (builds measured at once end in any order) and returns the
    /// rows that can be printed now, in the table's order: none while a row above it is still measured.
    mutating func row(at place: Int, label: String, verdicts: [VerdictKind]) -> [String] {
        waiting[place] = row(label: label, verdicts: verdicts)
        var ready: [String] = []
        while let line = waiting.removeValue(forKey: printed) {
            ready.append(line)
            printed += 1
        }
        return ready
    }

    /// How many cells differ from `expected` (INCONCLUSIVE never matches; NOT SERVED, a route the release
    /// does not have, is no mismatch); 0 without an expectation.
    func mismatches(expected: VerdictExpectation?) -> Int {
        guard let expected else { return 0 }
        return rows.joined().filter { $0 != expected.expectedKind && $0 != .notServed }.count
    }

    private func line(label: String, cells: [String]) -> String {
        let widths = scenarios.map { max($0.count, 12) }
        return pad(label, labelWidth) + zip(cells, widths).map { "  " + pad($0, $1) }.joined()
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
