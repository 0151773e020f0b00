import Foundation
import LabTestSupport
@testable import LabCore
import Testing

@Suite struct BufferedLineWriterTests {
    private func temporaryPath(_ name: String) -> String {
        TestFiles.path("\(name).log")
    }

    @Test func writesNothingUntilFlushedThenEveryLineInOrder() throws {
        let path = temporaryPath("buffered-plain")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = BufferedLineWriter(try LineWriter(appendingTo: path, timestamps: false))
        log.write("first")
        log.write("second")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "")
        log.flush()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\nsecond\n")
        log.write("third")
        log.flush()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\nsecond\nthird\n")
    }

    @Test func stampsEveryLineAsTheUnbufferedWriterDoes() throws {
        let path = temporaryPath("buffered-stamped")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let log = BufferedLineWriter(try LineWriter(appendingTo: path))
            for index in 0..<3 { log.write("line \(index)") }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3, "flushed when released")
        for (index, line) in lines.enumerated() {
            let parts = line.split(separator: " ", maxSplits: 1)
            #expect(parts.count == 2 && parts[1] == "line \(index)")
            #expect(parts.first?.count == "2026-11-25T09:10:11.123Z".count && parts.first?.last == "Z")
        }
    }
}
