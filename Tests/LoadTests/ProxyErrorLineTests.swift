import Foundation
@testable import LabCore
@testable import LabLoad
import Testing
@testable import LabRecords

@Suite struct ProxyErrorLineTests {
    private func line(_ body: String) -> String? { ProxyErrorLine.first(inBody: Array(body.utf8)) }

    @Test func takesTheMessageOfLiteLLMsJSONError() {
        let body = #"""
            {"error":{"message":"litellm.APIConnectionError: APIConnectionError: OpenAIException - TypeError: \#
            Invalid timeout","type":null,"param":null,"code":"500"}}
            """#
        #expect(
            line(body)
                == "litellm.APIConnectionError: APIConnectionError: OpenAIException - TypeError: Invalid timeout"
        )
    }

    @Test func takesOnlyTheFirstNonBlankLineOfAMessageThatCarriesATraceback() {
        let body = #"""
            {"error": {"message": "\n  litellm.APIConnectionError: boom\nTraceback (most recent call last):\n  \#
            File \"main.py\", line 1\nTypeError: boom", "type": "None"}}
            """#
        #expect(line(body) == "litellm.APIConnectionError: boom")
    }

    @Test func takesTheFirstNonBlankLineOfABodyThatIsNotLiteLLMsJSON() {
        #expect(
            line("\r\n   \r\n  upstream connect error or disconnect/reset  \r\nmore\r\n")
                == "upstream connect error or disconnect/reset")
        #expect(line(#"{"detail":"Internal Server Error"}"#) == #"{"detail":"Internal Server Error"}"#)
        #expect(line(#"{"error":{"message":42}}"#) == #"{"error":{"message":42}}"#)
    }

    @Test func aBodyThatSaysNothingGivesNoLine() {
        #expect(line("") == nil)
        #expect(line(" \n\t\r\n ") == nil)
        #expect(line(#"{"error":{"message":"  \n "}}"#) == nil)
    }

    @Test func cutsALongLineToItsLimitAndSaysSo() throws {
        let long = String(repeating: "x", count: 1000)
        let kept = try #require(line(#"{"error":{"message":"\#(long)"}}"#))
        #expect(kept.count == ProxyErrorLine.maxCharacters)
        #expect(kept == String(repeating: "x", count: ProxyErrorLine.maxCharacters - 1) + "…")
        let exact = String(repeating: "y", count: ProxyErrorLine.maxCharacters)
        #expect(line(exact) == exact)
    }
}

@Suite struct LoadSummaryServerErrorTests {
    @Test func aSummaryWrittenBeforeTheServerErrorLineStillDecodes() throws {
        let old = """
            {
              "answered" : { "500" : 5 },
              "behaviour" : "timeout",
              "chunks_received" : 0,
              "connect_errors" : 0,
              "left_after_chunks" : 0,
              "other_errors" : {},
              "requests" : 5,
              "reset" : 0,
              "sent" : 5,
              "started_at" : 1700000000,
              "stream" : false,
              "target" : "http://127.0.0.1:4000/v1/chat/completions",
              "timed_out" : 0,
              "timeout_seconds" : 3
            }
            """
        let summary = try JSONCoding.decode(LoadSummary.self, from: Data(old.utf8))
        #expect(summary.serverErrorLine == nil)
        #expect(summary.answered == ["500": 5])
        #expect(summary.answeredWithServerError == 5)
    }

    @Test func theServerErrorLineRoundTrips() throws {
        var summary = LoadSummary(target: "http://x", requests: 1, timeoutSeconds: 1, startedAt: 0)
        summary.serverErrorLine = "TypeError: Invalid timeout"
        let json = try JSONCoding.encode(summary)
        #expect(
            String(decoding: json, as: UTF8.self).contains(
                #""server_error_line" : "TypeError: Invalid timeout""#))
        #expect(try JSONCoding.decode(LoadSummary.self, from: json) == summary)
    }

    @Test func countsOnlyAnswersOfFiveHundredOrMoreAsServerErrors() {
        var summary = LoadSummary(target: "http://x", requests: 9, timeoutSeconds: 1, startedAt: 0)
        summary.answered = ["200": 1, "404": 2, "499": 1, "500": 3, "503": 2]
        #expect(summary.answeredWithServerError == 5)
    }
}
