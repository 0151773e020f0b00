import Foundation
import LabVerdict

/// A cell's held count over time as a small standalone SVG step chart, for the file next to the report.
///
/// Self-contained on purpose (no scripts, no external fonts, a white background) so that GitHub, a browser
/// and a CI artifact viewer all draw it the same.
///
/// ```swift
/// try TimelineSVG.render(cell).write(toFile: cell.chartFileName, atomically: true, encoding: .utf8)
/// ```
package enum TimelineSVG {
    private static let width = 480.0
    private static let height = 160.0
    private static let plot = (left: 44.0, right: 468.0, top: 40.0, bottom: 128.0)

    /// The chart: held requests (y) over seconds from the load's start (x), a dashed line where the clients
    /// hung up, and the scenario, proxy and verdict as its title.
    ///
    /// - Parameter cell: the measured cell; its timeline may be empty (the chart then says `no samples`).
    /// - Returns: the SVG document, ending with a newline.
    package static func render(_ cell: ReportCell) -> String {
        let points = cell.timeline
        let times = [0] + points.map(\.at) + (cell.hangUpAt.map { [$0] } ?? [])
        let start = times.min() ?? 0
        let xAxis = Axis(min: start, max: Swift.max(times.max() ?? 0, start + 1))
        let peak = Double(Swift.max(points.map(\.held).max() ?? 0, 1))
        let yAxis = Axis(min: 0, max: peak, minimumStep: 1, roundUp: true)
        func x(_ at: Double) -> String {
            n(plot.left + (at - xAxis.min) / (xAxis.max - xAxis.min) * (plot.right - plot.left))
        }
        func y(_ held: Double) -> String {
            n(plot.bottom - Swift.min(Swift.max(held, 0), yAxis.max) / yAxis.max * (plot.bottom - plot.top))
        }
        let middle = n((plot.top + plot.bottom) / 2)

        // The proxy label can be long, so it gets a line of its own under the scenario and verdict.
        let heading = XMLText.escape("\(cell.scenario) · \(cell.verdictSummary)")
        let proxy = XMLText.escape("LiteLLM \(cell.proxyLabel)")
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="10" fill="#24292f">
            <title>\(heading) · \(proxy)</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="8" y="15" font-size="12" font-weight="bold">\(heading)</text>
            <text x="8" y="28">\(proxy)</text>

            """
        for value in yAxis.ticks {
            svg += """
                <line x1="\(n(plot.left))" y1="\(y(value))" x2="\(n(plot.right))" y2="\(y(value))" stroke="#d0d7de"/>
                <text x="\(n(plot.left - 4))" y="\(y(value))" dy="3" text-anchor="end">\(yAxis.label(value))</text>

                """
        }
        for value in xAxis.ticks {
            svg += """
                <text x="\(x(value))" y="\(n(plot.bottom + 12))" text-anchor="middle">\(xAxis.label(value))</text>

                """
        }
        svg += """
            <line x1="\(n(plot.left))" y1="\(n(plot.bottom))" x2="\(n(plot.right))" y2="\(n(plot.bottom))" \
            stroke="#57606a"/>
            <text x="\(n(plot.right))" y="\(n(height - 6))" text-anchor="end">seconds</text>
            <text x="12" y="\(middle)" text-anchor="middle" transform="rotate(-90 12 \(middle))">held</text>

            """
        if let hangUpAt = cell.hangUpAt {
            // Near the right edge the label goes left of the line, so it stays inside the chart.
            let nearEdge = (hangUpAt - xAxis.min) / (xAxis.max - xAxis.min) > 0.8
            svg += """
                <line x1="\(x(hangUpAt))" y1="\(n(plot.top))" x2="\(x(hangUpAt))" y2="\(n(plot.bottom))" \
                stroke="#57606a" stroke-dasharray="4 3"/>
                <text x="\(x(hangUpAt))" y="\(n(plot.top + 10))" dx="\(nearEdge ? "-3" : "3")" \
                text-anchor="\(nearEdge ? "end" : "start")">clients hung up</text>

                """
        }
        if let first = points.first, let last = points.last {
            // A step chart: the backend's count holds between two polls, it does not slide. Only changes
            // need a vertical step; the last point closes the line.
            let changes = zip(points, points.dropFirst()).filter { $0.held != $1.held }.map(\.1)
            let steps = changes.map { "H\(x($0.at))V\(y(Double($0.held)))" }.joined()
            svg += """
                <path d="M\(x(first.at)),\(y(Double(first.held)))\(steps)H\(x(last.at))" \
                fill="none" stroke="\(color(cell.verdict))" stroke-width="2"/>

                """
        } else {
            svg += """
                <text x="\(n((plot.left + plot.right) / 2))" y="\(middle)" text-anchor="middle">no samples</text>

                """
        }
        return svg + "</svg>\n"
    }

    /// Red for a leak, green for a pass, greys when nothing could be said or served (GitHub's palette).
    private static func color(_ verdict: VerdictKind) -> String {
        switch verdict {
        case .leak: "#cf222e"
        case .pass: "#1a7f37"
        case .inconclusive: "#6e7781"
        case .notServed: "#8c959f"
        }
    }

    /// One decimal: enough for a 480-pixel chart, and the same bytes on every machine.
    private static func n(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
