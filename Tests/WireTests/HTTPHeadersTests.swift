import LabWire
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

    @Test func addingAValueWithALineBreakIsAProgrammingError() async {
        await #expect(processExitsWith: .failure) {
            var headers = HTTPHeaders()
            headers.add(name: "X-Injected", value: "a\r\nEvil: yes")
        }
    }
}
