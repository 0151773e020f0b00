import Foundation
import LabCore

/// How benchmark figures read in tables: memory in MiB or KiB, times with the precision they deserve,
/// ratios with `×`, counts with thousands separators.
enum BenchFormat {
    /// `13_000_000` → `"12.4 MiB"`.
    static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }

    /// `1536` → `"1.5 KiB"`.
    static func kibibytes(_ bytes: Double) -> String {
        String(format: "%.1f KiB", bytes / 1024)
    }

    /// Seconds as `0.042 ms`, `4.20 ms`, `420.0 ms` or `4.20 s`: three significant digits or so, never
    /// rounding a sub-millisecond figure to zero.
    static func duration(_ seconds: Double) -> String {
        let milliseconds = seconds * 1000
        switch abs(milliseconds) {
        case ..<1: return String(format: "%.3f ms", milliseconds)
        case ..<10: return String(format: "%.2f ms", milliseconds)
        case ..<1000: return Format.milliseconds(seconds)
        default: return Format.seconds(seconds)
        }
    }

    /// `3.456` → `"3.5×"`, `123.4` → `"123×"`; `"n/a"` when there is no ratio.
    static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return value >= 100 ? String(format: "%.0f×", value) : String(format: "%.1f×", value)
    }

    /// `10000` → `"10,000"`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var text = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
