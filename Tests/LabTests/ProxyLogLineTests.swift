@testable import LabLoad
@testable import LabVerdict
import Testing

@testable import LeakLab
@testable import LabRecords

@Suite struct ProxyLogLineTests {
    /// What LiteLLM logs when a request fails: a coloured ERROR line, then the chained tracebacks.
    private static let litellmLog = """
        INFO:     Started server process [4242]
        INFO:     Uvicorn running on http://127.0.0.1:4000 (Press CTRL+C to quit)
        \u{1B}[92m12:00:01 - LiteLLM Proxy:ERROR\u{1B}[0m: proxy_server.py:3550 - chat_completion(): Exception occured - litellm.APIConnectionError: OpenAIException - Invalid timeout
        Traceback (most recent call last):
          File "/venv/lib/python3.12/site-packages/litellm/main.py", line 1724, in completion
            response = openai_chat_completions.completion(
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        TypeError: Invalid timeout: Timeout(connect=5.0, read=None, write=None, pool=None)

        During handling of the above exception, another exception occurred:

        Traceback (most recent call last):
          File "/venv/lib/python3.12/site-packages/litellm/proxy/proxy_server.py", line 3500, in chat_completion
        litellm.exceptions.APIConnectionError: litellm.APIConnectionError: OpenAIException - Invalid timeout
        INFO:     127.0.0.1:50000 - "POST /v1/chat/completions HTTP/1.1" 500 Internal Server Error

        """

    @Test func takesTheExceptionThatEndsTheFirstTraceback() {
        #expect(
            ProxyErrorLine.first(inLog: Self.litellmLog)
                == "TypeError: Invalid timeout: Timeout(connect=5.0, read=None, write=None, pool=None)")
    }

    @Test func withoutATracebackTakesTheFirstLineThatNamesAnErrorWithoutItsColours() {
        let log = Self.litellmLog.split(separator: "\n").prefix(3).joined(separator: "\r\n")
        #expect(
            ProxyErrorLine.first(inLog: log)
                == "12:00:01 - LiteLLM Proxy:ERROR: proxy_server.py:3550 - chat_completion(): Exception occured - "
                + "litellm.APIConnectionError: OpenAIException - Invalid timeout")
        #expect(ProxyErrorLine.first(inLog: "ok\n  \tValueError: bad value  \n") == "ValueError: bad value  ")
    }

    @Test func aTracebackCutOffBeforeItsExceptionFallsBackToTheErrorLines() {
        let log = "INFO: started\nTraceback (most recent call last):\n  File \"main.py\", line 1\n"
        #expect(ProxyErrorLine.first(inLog: log) == nil)
        #expect(
            ProxyErrorLine.first(inLog: "[error] 7#0: connect() failed\n" + log)
                == "[error] 7#0: connect() failed")
    }

    @Test func aLogWithoutErrorsGivesNoLine() {
        #expect(ProxyErrorLine.first(inLog: "") == nil)
        #expect(
            ProxyErrorLine.first(
                inLog:
                    "INFO:     Started server process [1]\nINFO:     127.0.0.1:1 - \"POST / HTTP/1.1\" 200 OK\n"
            )
                == nil)
    }

    @Test func aLongLineIsShortenedAsABodysIs() throws {
        let line = try #require(
            ProxyErrorLine.first(inLog: "RuntimeError: " + String(repeating: "z", count: 500)))
        #expect(line.count == ProxyErrorLine.maxCharacters && line.hasSuffix("z…"))
    }
}

@Suite struct VerdictReportProxyLogTests {
    private func report(_ kind: VerdictKind, answered: [String: Int], serverErrorLine: String? = nil)
        -> VerdictReport
    {
        var report = VerdictReport.unmeasured(
            label: "litellm", reason: "no request was abandoned (5 answered (5×500))", backend: "",
            expectation: nil, versions: [:])
        (report.verdict, report.decision.kind) = (kind, kind)
        var load = LoadSummary(target: "http://x", requests: 5, timeoutSeconds: 1, startedAt: 0)
        (load.sent, load.answered, load.serverErrorLine) = (5, answered, serverErrorLine)
        report.load = load
        return report
    }

    @Test func anInconclusiveOfSilentServerErrorsEndsWithTheProxysLogLine() {
        var noted = report(.inconclusive, answered: ["500": 5])
        #expect(noted.wantsProxyLogLine)
        noted.noteProxyLog("TypeError: Invalid timeout")
        let expected =
            "no request was abandoned (5 answered (5×500)); the proxy's log said: TypeError: Invalid timeout"
        #expect(noted.reason == expected)
        #expect(noted.decision.line == "VERDICT: INCONCLUSIVE " + expected)
    }

    @Test(
        arguments: [
            (VerdictKind.inconclusive, ["500": 5], "TypeError: from the body"),
            (.inconclusive, ["401": 5], nil),
            (.inconclusive, ["499": 5], nil),
            (.leak, ["500": 5], nil),
            (.pass, ["503": 5], nil),
        ] as [(VerdictKind, [String: Int], String?)])
    func noOtherReportQuotesTheLog(kind: VerdictKind, answered: [String: Int], serverErrorLine: String?) {
        let original = report(kind, answered: answered, serverErrorLine: serverErrorLine)
        var noted = original
        #expect(!noted.wantsProxyLogLine)
        noted.noteProxyLog("TypeError: Invalid timeout")
        #expect(noted.reason == original.reason)
        #expect(noted.decision.reason == original.decision.reason)
    }
}
