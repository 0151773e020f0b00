import LabCore
import LabVerdict

/// A report as JUnit XML, so that CI systems list each cell as a test case.
///
/// A cell fails when its verdict differs from its expectation, errs when it is INCONCLUSIVE (the lab could
/// not tell, which is neither a pass nor a regression), and passes otherwise, even a LEAK nobody asserted:
/// the same rules as `lab run --expect`'s exit status.
///
/// ```swift
/// try JUnitReport.render(report).write(toFile: "junit.xml", atomically: true, encoding: .utf8)
/// ```
package enum JUnitReport {
    /// One `<testsuite name="litellm-leak-lab">` with one `<testcase>` per cell, in run order.
    ///
    /// Each case is named by its scenario, classed as `litellm.<version>[+setting...][+pin...]`, and carries
    /// the command that reproduces it in `<system-out>`.
    ///
    /// - Parameter report: the cells and their environment.
    /// - Returns: the XML document, ending with a newline.
    package static func render(_ report: LabReport) -> String {
        let outcomes = report.cells.map(Outcome.init)
        let failures = outcomes.filter { if case .failure = $0 { true } else { false } }.count
        let errors = outcomes.filter { if case .error = $0 { true } else { false } }.count
        let skipped = outcomes.filter { if case .skipped = $0 { true } else { false } }.count
        // JUnit's schema wants local time without a zone or fraction; the report's time is UTC.
        let timestamp = LabClock.iso8601(report.generatedAt).prefix(19)
        let environment = report.environment
        let properties =
            [
                ("os", environment.os), ("kernel", environment.kernel), ("python", environment.python),
                ("lab", environment.lab),
            ] + report.builds.map { ("build \($0.name)", $0.description) }

        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="litellm-leak-lab" tests="\(outcomes.count)" failures="\(failures)" \
            errors="\(errors)" skipped="\(skipped)" timestamp="\(timestamp)">
              <properties>

            """
        for (name, value) in properties {
            xml += "    <property name=\"\(name)\" value=\"\(XMLText.escape(value))\"/>\n"
        }
        xml += "  </properties>\n"
        for (cell, outcome) in zip(report.cells, outcomes) {
            let classname = "litellm." + cell.proxyParts.joined(separator: "+")
            xml +=
                "  <testcase classname=\"\(XMLText.escape(classname))\" name=\"\(XMLText.escape(cell.scenario))\">\n"
            switch outcome {
            case .pass: break
            case .failure(let expected):
                let message = "expected \(expected.rawValue), got \(cell.verdict.rawValue): \(cell.reason)"
                xml += "    <failure type=\"unexpected-verdict\" message=\"\(XMLText.escape(message))\"/>\n"
            case .error:
                xml += "    <error type=\"inconclusive\" message=\"\(XMLText.escape(cell.reason))\"/>\n"
            case .skipped:
                xml += "    <skipped message=\"\(XMLText.escape(cell.reason))\"/>\n"
            }
            let output =
                "\(cell.verdict.rawValue) \(cell.reason)\nrun folder: \(cell.folder)\n$ \(cell.command)"
            xml += "    <system-out>\(XMLText.escape(output))</system-out>\n  </testcase>\n"
        }
        return xml + "</testsuite>\n"
    }

    /// How a cell counts for CI.
    private enum Outcome {
        case pass
        case failure(expected: VerdictExpectation)
        case error
        /// The release does not serve the route: nothing was measured, and nothing is wrong.
        case skipped

        init(_ cell: ReportCell) {
            if cell.verdict == .notServed {
                self = .skipped
            } else if cell.verdict == .inconclusive {
                self = .error
            } else if let expected = cell.expected, cell.matched == false {
                self = .failure(expected: expected)
            } else {
                self = .pass
            }
        }
    }
}
