import Foundation
import Testing

@testable import LeakLab

/// The lists the documentation holds that the code can produce are checked against the code.
@Suite struct DocumentationTests {
    /// The checkout's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    @Test func theReferencePageIsWhatLabReferencePrints() throws {
        // When this fails: `swift run lab reference > docs/reference.md`.
        #expect(try Self.read("docs/reference.md") == LabReference.markdown)
    }

    @Test func theHelpAndTheReferenceNameEverySubcommandAndEveryScenario() {
        for command in LabReference.subcommands {
            #expect(LabReference.usage.contains("lab \(command.name)"), "\(command.name)")
            #expect(LabReference.markdown.contains("`lab \(command.name)"), "\(command.name)")
        }
        for scenario in Scenario.catalogue {
            #expect(LabReference.markdown.contains("| `\(scenario.name)` |"), "\(scenario.name)")
        }
    }

    @Test func theScenariosPageDescribesEveryScenario() throws {
        let page = try Self.read("docs/scenarios.md")
        for scenario in Scenario.catalogue {
            #expect(page.contains("`\(scenario.name)`"), "docs/scenarios.md does not name \(scenario.name)")
        }
    }

    @Test func everyLabSubcommandTheDocsUseExists() throws {
        let pages =
            try ["README.md"]
            + FileManager.default.contentsOfDirectory(atPath: Self.root + "/docs")
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        let known = Set(LabReference.subcommands.map(\.name))
        // Commands as the pages write them: in code (`lab matrix ...`, .build/release/lab bisect ...).
        let pattern = try Regex("(?:`|release/|\\$ )lab ([a-z][a-z-]+)")
        for page in pages {
            for match in try Self.read(page).matches(of: pattern) {
                let word = String(match.output[1].substring ?? "")
                #expect(known.contains(word), "\(page) names `lab \(word)`, which is no subcommand")
            }
        }
    }

    @Test func everyRelativeLinkOfTheReadmeTheDocsAndTheFindingsLeadsToAFile() throws {
        func pages(in folder: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: Self.root + "/" + folder)
                .filter { $0.hasSuffix(".md") }.map { folder + "/" + $0 }
        }
        let link = try Regex("\\]\\(([^)\\s]+)\\)")
        for page in try ["README.md"] + pages(in: "docs") + pages(in: "findings") {
            let folder = (page as NSString).deletingLastPathComponent
            for match in try Self.read(page).matches(of: link) {
                let target = String(match.output[1].substring ?? "")
                guard !target.hasPrefix("#"), !target.contains("://"), !target.hasPrefix("mailto:") else {
                    continue
                }
                let path = String(target.split(separator: "#", maxSplits: 1)[0])
                let resolved = ((Self.root + "/" + folder) as NSString).appendingPathComponent(path)
                #expect(
                    FileManager.default.fileExists(atPath: resolved),
                    "\(page) links to \(target), which is not there")
            }
        }
    }

    @Test func theReadmeStaysAFrontDoor() throws {
        let lines = try Self.read("README.md").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count < 200, "README.md has \(lines.count) lines: move detail into docs/")
    }
}
