import Foundation

/// Number formats shared by logs, summaries and verdicts, so the same quantity always reads the same.
package enum Format {
    /// `0.0123` → `"12.3 ms"`.
    package static func milliseconds(_ seconds: Double) -> String {
        String(format: "%.1f ms", seconds * 1000)
    }

    /// `1.23456` → `"1.23 s"`.
    package static func seconds(_ seconds: Double) -> String {
        String(format: "%.2f s", seconds)
    }
}
