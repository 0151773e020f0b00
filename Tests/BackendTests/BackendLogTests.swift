import Foundation
@testable import LabBackend
@testable import LabCore
@testable import LabLoad
@testable import LabWire
import Testing

import LabTestSupport
@testable import LabRecords

@Suite struct BackendLogTests {
    @Test func theLogHoldsAHangUpsLineByTheTimeStatsCountIt() throws {
        let path = TestFiles.path("backend-log.log")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let backend = try BackgroundBackend(configuration: .init(port: 0, statusInterval: .zero)) {
            try LineWriter(appendingTo: path)
        }
        defer { backend.stop() }
        let base = try HTTPURL(parsing: "http://127.0.0.1:\(backend.port)")
        let client = try LoopbackClient(port: backend.port)
        client.send(chatRequest)
        func stats() throws -> BackendStats {
            try JSONCoding.decode(
                BackendStats.self, from: Data(HTTPFetch.get(base.appending(path: "/stats")).body))
        }
        try #require(try pollUntil { try stats().active == 1 })
        client.close()
        try #require(try pollUntil { try stats().clientClosed == 1 })

        let log = try String(contentsOfFile: path, encoding: .utf8)
        #expect(log.contains("request #1 started POST /v1/chat/completions active=1\n"))
        #expect(log.contains("request #1 ended client_closed after "))
        #expect(log.hasSuffix("POST /v1/chat/completions active=0\n"))
    }

    @Test(arguments: [0, 0.0004, 0.0126, 1.5, 12.3456, 3599.9999, -0.25])
    func durationsReadAsPercentFormatWritesThem(seconds: Double) {
        #expect(BackendContext.threeDecimals(seconds) == String(format: "%.3f", seconds))
    }
}
