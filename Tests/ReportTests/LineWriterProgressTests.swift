import Foundation
import Glibc
import Testing

@testable import LabCore

@Suite struct LineWriterProgressTests {
    /// What a writer wrote through a pipe, once `body` is done with it.
    private func written(rewritingProgress: Bool, _ body: (LineWriter) -> Void) -> String {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        body(LineWriter(descriptor: ends[1], rewritingProgress: rewritingProgress))
        close(ends[1])
        defer { close(ends[0]) }
        return String(decoding: FileHandle(fileDescriptor: ends[0]).readDataToEndOfFile(), as: UTF8.self)
    }

    private func steps(_ writer: LineWriter) {
        writer.write("installing LiteLLM 1.61.20")
        writer.progress("Resolved 74 packages")
        writer.progress("Downloading litellm")
        writer.write("installed with uv in 7.7 s")
        writer.write("starting LiteLLM")
    }

    @Test func onATerminalProgressIsOneLineRewrittenThenReplacedByTheNextLine() {
        #expect(
            written(rewritingProgress: true, steps)
                == "installing LiteLLM 1.61.20\n\r\u{1B}[KResolved 74 packages\r\u{1B}[KDownloading litellm"
                + "\r\u{1B}[Kinstalled with uv in 7.7 s\nstarting LiteLLM\n")
    }

    @Test func elsewhereProgressIsPlainLines() {
        #expect(
            written(rewritingProgress: false, steps)
                == "installing LiteLLM 1.61.20\nResolved 74 packages\nDownloading litellm\n"
                + "installed with uv in 7.7 s\nstarting LiteLLM\n")
    }

    @Test(
        arguments: [
            (true, [:], true), (true, ["CI": "true"], false), (true, ["CI": ""], true),
            (true, ["TERM": "dumb"], false), (false, [:], false),
        ] as [(Bool, [String: String], Bool)])
    func rewritesOnlyOnATerminalOutsideCI(isTerminal: Bool, environment: [String: String], rewrites: Bool) {
        #expect(LineWriter.rewritesProgress(isTerminal: isTerminal, environment: environment) == rewrites)
    }
}
