import Foundation

/// A GitHub-flavoured Markdown table: a header row, an alignment row, then one row per entry.
///
/// ```swift
/// var table = MarkdownTable([("backend", .left), ("resident", .right)])
/// table.append(["fake-backend", "12.4 MiB"])
/// print(table.text)
/// ```
package struct MarkdownTable: Sendable, Equatable {
    /// How a column's cells line up.
    package enum Alignment: Sendable, Equatable {
        /// Text.
        case left
        /// Figures, so that digits line up.
        case right
    }

    /// The column titles and alignments.
    var columns: [(title: String, alignment: Alignment)]
    /// The rows, one cell per column (missing cells are left empty).
    package var rows: [[String]] = []

    /// An empty table with these columns.
    package init(_ columns: [(title: String, alignment: Alignment)]) {
        self.columns = columns
    }

    /// Adds a row.
    package mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table as Markdown, each line ending with a newline.
    package var text: String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map(Self.escape).joined(separator: " | ") + " |\n"
        }
        let rule =
            "|" + columns.map { $0.alignment == .right ? "---:" : "---" }.joined(separator: "|") + "|\n"
        return line(columns.map(\.title)) + rule
            + rows.map { row in line((0..<columns.count).map { $0 < row.count ? row[$0] : "" }) }.joined()
    }

    package static func == (lhs: MarkdownTable, rhs: MarkdownTable) -> Bool { lhs.text == rhs.text }

    /// A pipe would end the cell and a newline the row.
    static func escape(_ cell: String) -> String {
        cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
