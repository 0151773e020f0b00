import Testing

@testable import LabCore

/// `ShellWords.words(in:)`: `LAB_ARGS` split as a shell splits it, with nothing expanded, and the inverse of
/// `ShellWords.line`.
@Suite struct ShellWordsTests {
    @Test(
        arguments: [
            ("", []),
            ("  \t\n ", []),
            ("--scenario chat  --requests\t6\n", ["--scenario", "chat", "--requests", "6"]),
            ("--setting 'a.b=two words'", ["--setting", "a.b=two words"]),
            (#"--setting "a.b=two words""#, ["--setting", "a.b=two words"]),
            (#"--setting a.b=two\ words"#, ["--setting", "a.b=two words"]),
            (#"'' "" x''y"#, ["", "", "xy"]),
            (#"it\'s "say \"hi\" \$5 \x" 'back\slash'"#, ["it's", #"say "hi" $5 \x"#, #"back\slash"#]),
            ("one\\\ntwo", ["onetwo"]),
            // Globs, tildes and brackets are characters like any other: never matched against files.
            ("--pip pkg[extra]==1.0 * ?.txt ~/x", ["--pip", "pkg[extra]==1.0", "*", "?.txt", "~/x"]),
            ("a#b '#c' \\#d", ["a#b", "#c", "#d"]),
            ("'$HOME' \\$HOME \"\\`x\\`\"", ["$HOME", "$HOME", "`x`"]),
        ] as [(String, [String])])
    func splitsAndUnquotesAsAShellDoes(text: String, words: [String]) throws {
        #expect(try ShellWords.words(in: text) == words)
    }

    @Test func readsBackEveryLineItWrites() throws {
        let words = [
            "", "a b", "$HOME", "it's", "pkg[extra]==1.0", "*", "tab\there", "new\nline", #"back\slash"#,
            #"quote""#, "~", "#hash", "a;b", "é ü",
        ]
        #expect(try ShellWords.words(in: ShellWords.line(words)) == words)
    }

    @Test(arguments: [
        ("--scenario $SCENARIO", ShellWords.ReadError(kind: .expansion("$"), position: 12)),
        ("--x \"$(id)\"", ShellWords.ReadError(kind: .expansion("$"), position: 6)),
        ("--x `id`", ShellWords.ReadError(kind: .expansion("`"), position: 5)),
        ("--pip a; rm -rf /", ShellWords.ReadError(kind: .operator(";"), position: 8)),
        ("--x a|b", ShellWords.ReadError(kind: .operator("|"), position: 6)),
        ("--x >out", ShellWords.ReadError(kind: .operator(">"), position: 5)),
        ("--x # note", ShellWords.ReadError(kind: .comment, position: 5)),
        ("--setting 'a=b", ShellWords.ReadError(kind: .unclosedQuote("'"), position: 11)),
        ("--setting \"a=b", ShellWords.ReadError(kind: .unclosedQuote("\""), position: 11)),
        ("--x a\\", ShellWords.ReadError(kind: .trailingBackslash, position: 6)),
    ])
    func refusesWhatAShellWouldReadAsMoreThanWords(text: String, error: ShellWords.ReadError) {
        #expect(throws: error) { try ShellWords.words(in: text) }
    }

    @Test func aRefusalSaysWhereAndWhatToDo() {
        let error = ShellWords.ReadError(kind: .expansion("$"), position: 12)
        #expect("\(error)".contains("'$' at character 12") && "\(error)".contains("single quotes"))
    }
}
