import Foundation
import LabTestSupport
import Testing

@testable import LeakLab

/// `fake-backend @FILE`: how compose's services take the options the plan wrote for them.
@Suite struct ArgumentFileTests {
    private func file(_ text: String) throws -> String {
        let path = TestFiles.path("argument-file-" + UUID().uuidString)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aLeadingAtFileIsReplacedByItsLinesThenTheRestFollows() throws {
        let path = try file("--scenario\nchat stream\n\n--grace\n4\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            try ArgumentFile.expand(["@" + path, "--expect", "leak"])
                == ["--scenario", "chat stream", "--grace", "4", "--expect", "leak"],
            "one argument per line, spaces kept, empty lines dropped")
    }

    @Test func onlyTheFirstWordIsAFileSoAValueMayStartWithAt() throws {
        #expect(try ArgumentFile.expand(["--api-key", "@secret"]) == ["--api-key", "@secret"])
        #expect(try ArgumentFile.expand(["@"]) == ["@"])
        #expect(try ArgumentFile.expand([]) == [])
    }

    @Test func anUnreadableFileIsAUsageErrorNamingIt() {
        #expect {
            try ArgumentFile.expand(["@/nonexistent/backend.args"])
        } throws: { error in
            (error as? UsageError)?.message.contains("/nonexistent/backend.args") == true
        }
    }
}
