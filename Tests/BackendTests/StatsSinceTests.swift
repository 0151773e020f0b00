import Foundation
@testable import LabBackend
@testable import LabCore
@testable import LabLoad
import Testing

import LabTestSupport
@testable import LabRecords

/// `/stats?since=T`: how many requests arrived after a moment, the collector's count of work for nobody.
@Suite struct StatsSinceTests {
    @Test func countsOnlyTheRequestsThatArrivedAfterTheMoment() throws {
        let backend = try TestBackend()
        let early = try (0..<3).map { _ in try LoopbackClient(port: backend.port) }
        for client in early { client.send(chatRequest) }
        let firstThree = try backend.stats { $0.started == 3 }
        let moment = try #require(firstThree.lastStartedAt)
        let late = try (0..<2).map { _ in try LoopbackClient(port: backend.port) }
        for client in late { client.send(chatRequest) }
        #expect(try backend.stats { $0.started == 5 }.started == 5)

        let stats = try stats(of: backend, query: "?since=\(moment)")
        #expect(stats.since == moment, "the moment is echoed exactly")
        #expect(stats.startedSince == 2)
        #expect(try self.stats(of: backend, query: "?since=0").startedSince == 5)
        #expect(try self.stats(of: backend, query: "").startedSince == nil)
    }

    @Test(arguments: ["?since=soon", "?since=nan", "?since="])
    func refusesASinceThatIsNotAMoment(query: String) throws {
        let backend = try TestBackend()
        let response = try HTTPFetch.get(backend.base.appending(path: "/stats" + query))
        #expect(response.head.status.code == 400)
    }

    private func stats(of backend: TestBackend, query: String) throws -> BackendStats {
        let response = try HTTPFetch.get(backend.base.appending(path: "/stats" + query))
        #expect(response.head.status.code == 200)
        return try JSONCoding.decode(BackendStats.self, from: Data(response.body))
    }
}
