import Foundation
import Testing

@testable import LabProcesses

/// The reproductions by hand of the write-ups under `findings/`, run literally as a maintainer would: each builds
/// the model server, installs the release its block names from its lock, starts the proxy, sends its clients and
/// prints the model server's `/stats`, which must show every client's upstream request still held (LEAK) on each
/// route the write-up says leaks.
@Suite(.serialized, .enabled(if: endToEndEnabled, "set LAB_E2E=1 (make test does)"))
struct FindingByHandTests {
    @Test(arguments: try FindingBlock.all().filter(\.isByHand))
    func theReproductionByHandShowsTheHeldRequests(_ block: FindingBlock) throws {
        try FindingBlockCheck.requireFreePorts(for: block)
        let (status, output) = try block.run(in: try temporaryFolder("by-hand"))
        #expect(
            status == 0, "\(block): bash ended \(status); its last command stops what it started\n\(output)")
        // One client per route the write-up says leaks, each giving up at its --max-time.
        let clients = block.commands.filter { $0.hasPrefix("curl -sS") }.count
        #expect(clients > 0, "\(block)")
        #expect(
            block.text.contains("# \"active\":\(clients):"), "\(block): the block states what /stats shows")
        let gaveUp = output.components(separatedBy: "Operation timed out").count - 1
        #expect(gaveUp == clients, "\(block): every client gives up waiting (none answered)\n\(output)")
        let stats = try #require(
            FindingBlockCheck.stats(in: output), "\(block): no /stats printed\n\(output)")
        #expect(
            stats["started"] == clients, "\(block): every client's request reached the model server: \(stats)"
        )
        #expect(stats["active"] == clients, "\(block): LEAK, every upstream request still held: \(stats)")
    }
}

/// Every other ```sh block under `findings/` (the `lab` commands that measured each write-up and each proof of
/// fix), run literally with the built `lab` first on `PATH`, each in a temporary folder holding a copy of
/// `findings/`, and checked against what its document states. They take minutes each: `make findings-test`.
///
/// `LAB_FINDINGS=1` runs them all; any other value only the blocks whose description contains it
/// (`LAB_FINDINGS='head-only-stream-1.108.0.md, sh block 2'`).
@Suite(.serialized, .enabled(if: findingsSelection != nil, "set LAB_FINDINGS=1 (make findings-test)"))
struct FindingCommandTests {
    @Test(
        arguments: try FindingBlock.all().filter { block in
            !block.isByHand
                && (findingsSelection == "1"
                    || findingsSelection.map { block.description.contains($0) } == true)
        })
    func theCommandsPrintWhatTheDocumentStates(_ block: FindingBlock) throws {
        try FindingBlockCheck.requireFreePorts(for: block)
        let folder = try temporaryFolder("finding-commands")
        try FileManager.default.copyItem(
            atPath: FindingBlock.root + "/findings", toPath: folder + "/findings")
        let document = try String(contentsOfFile: FindingBlock.root + "/" + block.document, encoding: .utf8)
        let (_, output) = try block.run(in: folder, from: folder)
        for expected in FindingBlockCheck.expectations(of: block, in: document) {
            #expect(expected.isMet(by: output), "\(block): \(expected)\n\(output)")
        }
    }
}

/// `LAB_FINDINGS`: which of the `lab` blocks under `findings/` to run, if any.
let findingsSelection = ProcessInfo.processInfo.environment["LAB_FINDINGS"].flatMap { $0.isEmpty ? nil : $0 }
