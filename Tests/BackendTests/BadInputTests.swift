@testable import LabLoad
import Testing

import LabTestSupport

@Suite struct BadInputTests {
    private static let cases: [(name: String, request: String, status: Int)] = [
        ("malformed request line", "GARBAGE\r\n\r\n", 400),
        ("malformed header", "GET /health HTTP/1.1\r\nBad Header\r\n\r\n", 400),
        (
            "header block over 64 KiB",
            "GET /health HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n", 431
        ),
        (
            "body over the limit",
            "POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nContent-Length: 9000000\r\n\r\n",
            413
        ),
        ("unknown path", "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n", 404),
        ("wrong method", "GET /v1/chat/completions HTTP/1.1\r\nHost: t\r\n\r\n", 405),
        (
            "body that is not JSON",
            "POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc", 400
        ),
    ]

    @Test(arguments: cases.indices)
    func refusesCountsClosesAndKeepsServing(index: Int) throws {
        let badCase = Self.cases[index]
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send(badCase.request)
        let answer = client.readText()
        #expect(answer.hasPrefix("HTTP/1.1 \(badCase.status) "), "\(badCase.name): \(answer.prefix(40))")
        let stats = try backend.stats()
        #expect(stats.rejected == 1, "\(badCase.name)")
        #expect(stats.started == 0 && stats.active == 0, "\(badCase.name)")
        #expect(HealthCheck.failure(of: backend.base.appending(path: "/health")) == nil)
    }

    @Test func wrongMethodNamesTheAllowedOne() throws {
        let backend = try TestBackend()
        let client = try LoopbackClient(port: backend.port)
        client.send("DELETE /stats HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readText().contains("Allow: GET, HEAD\r\n"))
    }
}
