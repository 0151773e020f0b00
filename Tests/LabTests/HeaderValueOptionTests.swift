import Testing

@testable import LeakLab

/// Options whose values end up in a header (`--api-key`) are refused at the command line, with a
/// usage error (exit status 64) naming the option, instead of trapping when the request is built.
@Suite struct HeaderValueOptionTests {
    @Test func takesAValueThatCanBeSentAsGiven() throws {
        var options = CommandOptions(["--api-key", "sk-lab-1234"])
        #expect(try options.headerValue("--api-key", env: "API_KEY") == "sk-lab-1234")
        var environment = CommandOptions([], environment: ["API_KEY": "sk-env"])
        #expect(try environment.headerValue("--api-key", env: "API_KEY") == "sk-env")
        var absent = CommandOptions([], environment: [:])
        #expect(try absent.headerValue("--api-key", env: "API_KEY") == nil)
    }

    @Test(
        arguments: [
            (["--api-key", "sk-1234\n"], [:], "--api-key (or API_KEY) has a line feed (LF) at character 8"),
            (
                ["--api-key=sk\r\nX-Evil: 1"], [:],
                "--api-key (or API_KEY) has a carriage return (CR) at character 3"
            ),
            ([], ["API_KEY": "sk\u{0}"], "--api-key (or API_KEY) has a NUL byte at character 3"),
            (
                ["--api-key", "sk\u{7F}"], [:],
                "--api-key (or API_KEY) has the control character U+007F at character 3"
            ),
            (["--api-key", "sk "], [:], "--api-key (or API_KEY) starts or ends with a space or tab"),
            (["--api-key", ""], [:], "--api-key (or API_KEY) is empty"),
        ] as [([String], [String: String], String)])
    func refusesAValueAHeaderCannotCarry(words: [String], environment: [String: String], problem: String) {
        var options = CommandOptions(words, environment: environment)
        #expect {
            try options.headerValue("--api-key", env: "API_KEY")
        } throws: { error in
            (error as? UsageError)?.message.hasPrefix(problem) == true
        }
    }

    @Test func saysWhatToDoAboutAControlCharacter() {
        var options = CommandOptions(["--api-key", "sk-1234\r"])
        #expect {
            try options.headerValue("--api-key")
        } throws: { error in
            (error as? UsageError)?.message
                == "--api-key has a carriage return (CR) at character 8, which a header cannot carry as given: "
                + "remove it (a value read from a file often keeps its line ending)"
        }
    }

    @Test func labRunTakesAnAPIKeyAndRefusesOneWithALineBreak() throws {
        var good = CommandOptions(["--api-key", "sk-lab-1234"])
        guard case .run(let settings) = try LabJob.parse("run", &good) else {
            Issue.record("not a run")
            return
        }
        #expect(settings.proxy.apiKey == "sk-lab-1234")
        var bad = CommandOptions(["--api-key", "sk\nX-Evil: 1"])
        #expect {
            try LabJob.parse("run", &bad)
        } throws: { error in
            (error as? UsageError)?.message.hasPrefix("--api-key has a line feed (LF) at character 3") == true
        }
    }
}
