import LabCore

/// A held-count timeline as one short line of text: the inline form of a report's chart, and a live view's.
///
/// ```swift
/// TimelineText.sparkline(points, hangUpAt: 1.0)  // "▁████|██████████"
/// TimelineText.summary(points, hangUpAt: 1.0)    // "held 0 → 10 (peak 10), t+0.00 s to t+4.00 s, ..."
/// ```
package enum TimelineText {
    /// The character inserted where the clients hung up.
    static let hangUpMark: Character = "|"

    /// Zero gets the lowest block so that an empty stretch still shows as a baseline, not as a gap.
    private static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The timeline as at most `width` blocks (one per sample when there are fewer), scaled to its peak,
    /// with ``hangUpMark`` inserted at the hang-up.
    ///
    /// Each block shows the highest count of its time slice, so a short spike is never averaged away; a
    /// slice without samples repeats the last count before it, as the backend's count holds between polls.
    /// Any non-zero count is at least `▂`, so one held request never reads as none.
    ///
    /// - Parameters:
    ///   - points: the held count over time, in time order.
    ///   - hangUpAt: when the clients hung up, on the same clock as the points; nil for no mark.
    ///   - width: the most blocks to draw.
    /// - Returns: the line, empty when there are no points.
    package static func sparkline(_ points: [TimelinePoint], hangUpAt: Double?, width: Int = 40) -> String {
        guard let first = points.first, let last = points.last, width > 0 else { return "" }
        let span = last.at - first.at
        let columns = span > 0 ? min(width, points.count) : 1
        func column(_ at: Double) -> Int {
            span > 0 ? Int((at - first.at) / span * Double(columns)) : 0
        }
        var highest = [Int?](repeating: nil, count: columns)
        var latest = [Int?](repeating: nil, count: columns)
        for point in points {
            let index = min(max(column(point.at), 0), columns - 1)
            let held = max(point.held, 0)
            highest[index] = max(highest[index] ?? 0, held)
            latest[index] = held
        }
        let peak = points.map(\.held).max() ?? 0
        var line = ""
        var carried = 0
        for index in 0..<columns {
            let held = highest[index] ?? carried
            carried = latest[index] ?? carried
            line.append(blocks[peak > 0 ? (held * 7 + peak - 1) / peak : 0])
        }
        if let hangUpAt {
            // After the slice the hang-up falls in, so that every block right of the mark is wholly after it.
            let slices =
                span > 0
                ? ((hangUpAt - first.at) / span * Double(columns)).rounded(.up)
                : (hangUpAt <= first.at ? 0 : Double(columns))
            let offset = Int(min(max(slices, 0), Double(columns)))
            line.insert(hangUpMark, at: line.index(line.startIndex, offsetBy: offset))
        }
        return line
    }

    /// The figures a sparkline leaves out: `held 0 → 10 (peak 10), t+0.10 s to t+4.10 s, hang-up at t+1.00 s`.
    ///
    /// - Parameters:
    ///   - points: the held count over time, in time order.
    ///   - hangUpAt: when the clients hung up, on the same clock as the points.
    /// - Returns: the summary, or `no samples` when there are no points.
    package static func summary(_ points: [TimelinePoint], hangUpAt: Double?) -> String {
        guard let first = points.first, let last = points.last else { return "no samples" }
        let peak = points.map(\.held).max() ?? 0
        var text =
            "held \(first.held) → \(last.held) (peak \(peak)), "
            + "t+\(Format.seconds(first.at)) to t+\(Format.seconds(last.at))"
        if let hangUpAt {
            text += ", hang-up at t+\(Format.seconds(hangUpAt))"
        }
        return text
    }
}
