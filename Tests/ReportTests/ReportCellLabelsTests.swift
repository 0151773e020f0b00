import Foundation
@testable import LabReporting
import Testing

@Suite struct ReportCellLabelsTests {
    private var pinned: ReportCell {
        var cell = ReportFixtures.cell(
            "1.110.2", "chat stream/mid", .leak, expected: nil, held: 10, releasedAt: nil,
            settings: [ReportFixtures.cancel])
        cell.pins = ["httpx==0.27.2"]
        return cell
    }

    @Test func labelsAProxyStartByVersionSettingsAndPins() {
        #expect(pinned.proxyLabel == "1.110.2 + general_settings.cancel_on_disconnect=true + httpx==0.27.2")
    }

    @Test func labelsOverridesAndTheResolutionDaySoCellsAreDistinguishable() {
        var cell = pinned
        cell.pins = ["uvicorn==0.32.1"]
        cell.resolveAsOf = "2025-02-20"
        cell.constraints = "c.txt"
        #expect(
            cell.proxyLabel
                == "1.110.2 + general_settings.cancel_on_disconnect=true + uvicorn==0.32.1"
                + " + resolved as of 2025-02-20 + constraints c.txt")
        #expect(
            cell.installLabel == "1.110.2 + uvicorn==0.32.1 + resolved as of 2025-02-20 + constraints c.txt")
        #expect(cell.proxyLabel != pinned.proxyLabel)
    }

    @Test func aServerOtherThanTheDefaultNamesItsProxyStartAndSeparatesItsCells() throws {
        var gunicorn = pinned
        gunicorn.server = "gunicorn-w2"
        #expect(
            gunicorn.proxyLabel
                == "1.110.2 + gunicorn-w2 + general_settings.cancel_on_disconnect=true + httpx==0.27.2")
        // The server is no install: both cells ran on the same venv.
        #expect(gunicorn.installLabel == pinned.installLabel)
        #expect(gunicorn.chartFileName != pinned.chartFileName)
        // A report from before servers were chosen reads as the default server.
        let old = try JSONDecoder().decode(ReportCell.self, from: try JSONEncoder().encode(pinned))
        #expect(old.server == nil)
    }

    @Test func namesChartsWithOnlyShellAndURLSafeCharacters() {
        #expect(
            pinned.chartFileName
                == "timeline-1.110.2+general_settings.cancel_on_disconnect=true+httpx==0.27.2-chat_stream_mid.svg"
        )
    }

    @Test func saysHowManyOfHowManyWereHeldOnlyWhenBothAreKnown() {
        var cell = pinned
        #expect(cell.verdictSummary == "LEAK 10/10 held")
        cell.seenByBackend = nil
        #expect(cell.verdictSummary == "LEAK 10 held")
        cell.cost = nil
        #expect(cell.verdictSummary == "LEAK")
    }

    @Test func marksOnlyAssertedCells() {
        var cell = pinned
        #expect(cell.expectationMark == nil)
        cell.expected = .leak
        #expect(cell.expectationMark == "✅")
        cell.expected = .noLeak
        #expect(cell.expectationMark == "❌")
    }
}
