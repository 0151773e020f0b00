import Foundation
import Testing

@testable import LeakLab

/// The option table is the one place an option is declared: each row reads every option its help names, and
/// what it writes back reads to the same settings.
@Suite struct OptionTableTests {
    /// Values every option of the table can take, alone or with the options of its row it needs; an option
    /// added to the table without one here fails ``everyOptionTheHelpNamesIsReadByItsRow``.
    private static let samples: [[String]] = [
        ["--scenario", "chat-stream-mid"], ["--requests", "5"], ["--timeout", "2.5"],
        ["--slots", "4", "--queue-limit", "2", "--probe-patience", "7"],
        ["--proxy", "nginx"], ["--target", "http://127.0.0.1:9/", "--backend-url", "http://127.0.0.1:8/"],
        ["--target", "http://127.0.0.1:9/", "--backend-url", "http://127.0.0.1:8/", "--api-key", "sk-x"],
        ["--litellm-version", "1.83.11"], ["--litellm-source", "../litellm"], ["--litellm-wheel", "x.whl"],
        ["--litellm-image", "leaklab/litellm:1.61.20"], ["--patch", "/dev/null"],
        ["--server", "gunicorn", "--workers", "2"],
        ["--setting", "general_settings.cancel_on_disconnect=true"],
        ["--proxy-env", "DISABLE_AIOHTTP_TRANSPORT=True"], ["--lock", "/dev/null"],
        ["--pip", "uvicorn==0.32.1", "--resolve-as-of", "2025-03-01", "--constraints", "/dev/null"],
        ["--litellm-config", "/dev/null", "--model", "gpt-x"], ["--expect", "leak"],
        ["--timeout-from", "arrival"], ["--grace", "4", "--settle", "1", "--observe", "30"],
        ["--repeat", "3"], ["--prefetch", "0"],
        ["--versions-at-once", "5"], ["--backend-port", "0"], ["--proxy-port", "0"],
        ["--runs-dir", "elsewhere"],
    ]

    private static func read(_ words: [String], for command: LabOption.Command) throws -> LabSettings {
        var options = CommandOptions(words)
        var settings = LabSettings()
        try settings.read(&options, for: command)
        try options.finish()
        return settings
    }

    private static func command(taking words: [String]) -> LabOption.Command {
        let row = LabOption.table.first { $0.help.contains { $0.name == words[0] } }
        return row?.commands.contains(.run) ?? true ? .run : .matrix
    }

    @Test func everyOptionTheHelpNamesIsReadByItsRow() throws {
        let helped = Set(LabOption.table.flatMap { $0.help.map(\.name) })
        let sampled = Set(Self.samples.flatMap { $0.filter { $0.hasPrefix("--") } })
        #expect(sampled == helped, "every option of the help has a sample, and every sample is an option")
        for words in Self.samples {
            // `finish()` refuses any word no row read.
            _ = try Self.read(words, for: Self.command(taking: words))
        }
    }

    @Test(arguments: samples) func whatARowWritesReadsBackToTheSameWords(words: [String]) throws {
        let command = Self.command(taking: words)
        let settings = try Self.read(words, for: command)
        let rows = LabOption.table.filter { $0.commands.contains(command) }
        let written = rows.flatMap { $0.words(settings) }
        #expect(written.contains(words[0]), "the row writes what was read: \(written)")
        let again = try Self.read(written, for: command)
        #expect(rows.flatMap { $0.words(again) } == written)
    }

    @Test func composeRefusesWhatANativeRowNamesAndTakesTheDefaults() throws {
        #expect(LabOption.table.compactMap { $0.composeRefusal(LabSettings()) }.isEmpty)
        let refused = try Self.read(["--repeat", "3"], for: .run)
        #expect(
            LabOption.table.compactMap { $0.composeRefusal(refused) } == [
                "--repeat: `make soak` repeats natively"
            ])
    }
}
