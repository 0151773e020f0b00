extension MarkdownReport {
    /// The cells laid out as the verdict table: a row per proxy start, a column per scenario, both in the
    /// order they were first run.
    struct Grid {
        /// Proxy labels (``ReportCell/proxyLabel``).
        let rows: [String]
        /// Scenario names.
        let scenarios: [String]
        private let cells: [ReportCell]
        /// Every proxy label, install label and version in run order, which config labels and package sets
        /// are keyed by.
        private let runOrder: [String]

        init(_ cells: [ReportCell]) {
            self.cells = cells
            rows = Self.unique(cells.map(\.proxyLabel))
            scenarios = Self.unique(cells.map(\.scenario))
            runOrder = Self.unique(cells.flatMap { [$0.proxyLabel, $0.installLabel, $0.version] })
        }

        /// Every override any cell ran with, which the environment lists right after the key packages.
        var overrides: [String] { cells.flatMap(\.pins) }

        /// The cells of one row and column: usually one, none when not run, several when repeated.
        func cells(row: String, scenario: String) -> [ReportCell] {
            cells.filter { $0.proxyLabel == row && $0.scenario == scenario }
        }

        /// Every cell, row by row, as the table shows them.
        var cellsInTableOrder: [ReportCell] {
            rows.flatMap { row in scenarios.flatMap { cells(row: row, scenario: $0) } }
        }

        /// `keys` in run order when they name a proxy start or version, then any others sorted.
        func ordered(_ keys: [String]) -> [String] {
            keys.sorted { lhs, rhs in
                let left = runOrder.firstIndex(of: lhs) ?? runOrder.count
                let right = runOrder.firstIndex(of: rhs) ?? runOrder.count
                return left != right ? left < right : lhs < rhs
            }
        }

        private static func unique(_ items: [String]) -> [String] {
            var seen = Set<String>()
            return items.filter { seen.insert($0).inserted }
        }
    }
}
