@testable import LabAPI
@testable import LabLoad
import Testing

@Suite struct SSEParserTests {
    @Test func findsTheSameEventsHoweverTheBytesAreSplit() {
        let text = "event: message_start\ndata: {\"a\":1}\n\ndata: [DONE]\n\n"
        let whole = feedAll([Array(text.utf8)])
        #expect(whole == [SSEEvent(name: "message_start", data: #"{"a":1}"#), SSEEvent(data: "[DONE]")])
        #expect(feedAll(Array(text.utf8).map { [$0] }) == whole)
    }

    @Test func acceptsEveryLineEndingAndJoinsDataLines() {
        #expect(
            feedAll([Array("data: a\r\ndata: b\r\n\r\ndata:c\rdata: d\r\r".utf8)])
                == [SSEEvent(data: "a\nb"), SSEEvent(data: "c\nd")])
    }

    @Test func aCRLFSplitBetweenReadsEndsOneLineOnly() {
        #expect(feedAll([Array("data: x\r".utf8), Array("\n\r\n".utf8)]) == [SSEEvent(data: "x")])
    }

    @Test func commentsAndEventsWithoutDataAreNotDispatched() {
        #expect(feedAll([Array(": keep-alive\n\nevent: ping\n\nretry: 10\nid: 1\n\n".utf8)]).isEmpty)
    }

    @Test func anEventIsNotDispatchedBeforeItsBlankLine() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: partial\n".utf8)).isEmpty)
        #expect(parser.feed(Array("\n".utf8)) == [SSEEvent(data: "partial")])
    }

    private func feedAll(_ pieces: [[UInt8]]) -> [SSEEvent] {
        var parser = SSEParser()
        return pieces.flatMap { parser.feed($0) }
    }
}
