@testable import LabWire
import Testing

@Suite struct HTTPHeadersTests {
    private let headers = HTTPHeaders([
        ("Set-Cookie", "a=1"), ("Content-Type", "text/plain"), ("set-cookie", "b=2"),
    ])

    @Test func subscriptReturnsFirstValueIgnoringNameCase() {
        #expect(headers["SET-COOKIE"] == "a=1")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["Content-Length"] == nil)
    }

    @Test func lookupDoesNotConfuseDistinctPunctuation() {
        let punctuated = HTTPHeaders([("X-a^", "caret")])
        #expect(punctuated["x-A~"] == nil)
        #expect(punctuated["x-A^"] == "caret")
    }

    @Test func valuesForNameKeepsEveryDuplicateInOrder() {
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(headers.values(for: "Missing") == [])
    }

    @Test func addAppendsAfterExistingFieldsAndCountsDuplicates() {
        var copy = headers
        copy.add(name: "Content-Type", value: "application/json")
        #expect(copy.count == 4)
        #expect(copy.map(\.value) == ["a=1", "text/plain", "b=2", "application/json"])
        #expect(copy["Content-Type"] == "text/plain")
    }

    @Test func equalityDependsOnOrder() {
        let forward = HTTPHeaders([("A", "1"), ("B", "2")])
        #expect(forward == HTTPHeaders([("A", "1"), ("B", "2")]))
        #expect(forward != HTTPHeaders([("B", "2"), ("A", "1")]))
    }

    @Test(arguments: ["sk-1234", "", "Bearer a  b", "caf\u{E9}", "x\ty", "\u{80}"])
    func validatesAValueThatCanBeSentAsGiven(value: String) throws {
        try HTTPHeaders.validate(value: value)
    }

    @Test(arguments: [
        ("key\n", HTTPFieldValueError.controlCharacter("\n", position: 4)),
        ("a\r\nEvil: yes", .controlCharacter("\r\n".unicodeScalars.first!, position: 2)),
        ("\0", .controlCharacter("\0", position: 1)),
        ("caf\u{E9}\u{7F}", .controlCharacter("\u{7F}", position: 5)),
        ("a\u{1B}[0m", .controlCharacter("\u{1B}", position: 2)),
        (" key", .surroundingWhitespace),
        ("key\t", .surroundingWhitespace),
    ])
    func refusesAValueThatCannotBeSentAsGiven(value: String, error: HTTPFieldValueError) {
        #expect(throws: error) { try HTTPHeaders.validate(value: value) }
    }

    @Test func describesTheRefusedCharacterAndWhere() {
        #expect(
            HTTPFieldValueError.controlCharacter("\r", position: 9).description
                == "has a carriage return (CR) at character 9")
        #expect(
            HTTPFieldValueError.controlCharacter("\n", position: 1).description
                == "has a line feed (LF) at character 1")
        #expect(
            HTTPFieldValueError.controlCharacter("\u{7}", position: 3).description
                == "has the control character U+0007 at character 3")
        #expect(
            HTTPFieldValueError.controlCharacter("\u{7F}", position: 3).description
                == "has the control character U+007F at character 3")
    }

    @Test func addingAValueWithALineBreakIsAProgrammingError() async {
        await #expect(processExitsWith: .failure) {
            var headers = HTTPHeaders()
            headers.add(name: "X-Injected", value: "a\r\nEvil: yes")
        }
    }
}
