import Foundation
import Testing

/// Golden files: the exact bytes a renderer must produce, kept in `Tests/ReportTests/Golden/`.
///
/// After an intended change to a renderer, regenerate them and review the diff:
/// `UPDATE_GOLDEN=1 swift test --filter ReportTests`. A normal run compares byte for byte.
enum Golden {
    /// Read from the source tree, not a bundle, so that `UPDATE_GOLDEN=1` can rewrite the very files git tracks.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden")

    /// Checks `actual` against the golden file `name`, or rewrites that file when `UPDATE_GOLDEN=1`.
    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: file, options: .atomic)
            return
        }
        // Bytes, not Strings: Swift's String equality would call two Unicode normalisations equal.
        let expected = try Data(contentsOf: file)
        guard Data(actual.utf8) != expected else { return }
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = String(decoding: expected, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let common = min(actualLines.count, expectedLines.count)
        let line = (0..<common).first { actualLines[$0] != expectedLines[$0] } ?? common
        Issue.record(
            """
            \(name) differs from its golden file at line \(line + 1) (UPDATE_GOLDEN=1 rewrites it):
            golden:   \(line < expectedLines.count ? String(expectedLines[line]) : "<end of file>")
            rendered: \(line < actualLines.count ? String(actualLines[line]) : "<end of file>")
            """, sourceLocation: sourceLocation)
    }
}
