import Foundation

extension TimelineSVG {
    /// One axis of the chart: its range and the round values labelled on it.
    struct Axis {
        var min: Double
        var max: Double
        var step: Double

        /// An axis from `min` to at least `max`, stepped so that at most five intervals fit; with
        /// `roundUp` its end moves out to the next step, so that the top gridline is labelled.
        init(min: Double, max: Double, minimumStep: Double = 0, roundUp: Bool = false) {
            step = Swift.max(Self.step(for: max - min), minimumStep)
            self.min = min
            self.max = roundUp ? (max / step).rounded(.up) * step : max
        }

        /// The multiples of the step within the range.
        var ticks: [Double] {
            let first = Int((min / step).rounded(.up))
            let last = Int((max / step).rounded(.down))
            return first <= last ? (first...last).map { Double($0) * step } : []
        }

        /// A tick's label: whole numbers unless the step is below one.
        func label(_ value: Double) -> String {
            String(format: step < 1 ? "%.1f" : "%.0f", value)
        }

        /// The 1, 2 or 5 × 10ⁿ step that cuts `span` into at most five intervals: figures a reader can add.
        private static func step(for span: Double) -> Double {
            guard span.isFinite, span > 0 else { return 1 }
            var magnitude = 0.1
            while true {
                for factor in [1.0, 2, 5] where span / (factor * magnitude) <= 5 {
                    return factor * magnitude
                }
                magnitude *= 10
            }
        }
    }
}
