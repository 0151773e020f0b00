import Foundation
@testable import LabBenchmarks
import Testing

@Suite struct LineFollowerTests {
    @Test func aPartialLineWaitsForItsNewline() throws {
        let path = FileManager.default.temporaryDirectory.path + "/line-follower-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "one\ntw".write(toFile: path, atomically: true, encoding: .utf8)
        var follower = LineFollower(path: path)
        follower.poll()
        #expect(follower.lines.map(\.text) == ["one"])

        try "one\ntwo\n\nthree\n".write(toFile: path, atomically: true, encoding: .utf8)
        follower.poll()
        #expect(follower.lines.map(\.text) == ["one", "two", "", "three"])
        #expect(zip(follower.lines, follower.lines.dropFirst()).allSatisfy { $0.at <= $1.at })
    }
}
