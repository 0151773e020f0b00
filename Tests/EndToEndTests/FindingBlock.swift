import Foundation
import LabTestSupport
import Testing

@testable import LabProcesses

/// One ```sh block of a Markdown file under `findings/`, as a reader copies it: run literally by bash from the
/// checkout's root.
struct FindingBlock: CustomStringConvertible {
    /// The checkout's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The Markdown file, from the root (`findings/cancel-on-disconnect.md`).
    let document: String
    /// The block's text, without its fences.
    let text: String
    /// Its place among the file's ```sh blocks, from 1.
    let index: Int

    var description: String { "\(document), sh block \(index)" }

    /// The ports a reproduction by hand always uses, and `lab` unless told `--backend-port 0 --proxy-port 0`:
    /// the model server's and the proxy's.
    static let fixedPorts = [5001, 4000]

    /// A reproduction by hand (the write-ups' first block): it builds and starts its own model server and proxy
    /// on the fixed ports 5001 and 4000, and takes a minute or two; every other block runs `lab`.
    var isByHand: Bool { text.contains("--product fake-backend") }

    /// Its command lines: continuation lines (a trailing `\`) joined, blank lines left out.
    var commands: [String] {
        text.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }.filter { !$0.isEmpty }
    }

    /// Every ```sh block of every Markdown file under `findings/`, in file order.
    static func all() throws -> [FindingBlock] {
        let folder = root + "/findings"
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".md") }
            .sorted()
        return try files.flatMap { file in
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            return blocks(in: text, document: "findings/" + file)
        }
    }

    /// The ```sh blocks of `markdown`.
    static func blocks(in markdown: String, document: String) -> [FindingBlock] {
        var blocks: [FindingBlock] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if var lines = current {
                if line == "```" {
                    blocks.append(
                        FindingBlock(
                            document: document, text: lines.joined(separator: "\n") + "\n",
                            index: blocks.count + 1))
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            } else if line == "```sh" {
                current = []
            }
        }
        return blocks
    }

    /// Runs the block with bash from `directory` (the checkout's root by default), with the built `lab` first on
    /// `PATH`, as the leader of a process group of its own: when bash ends, whatever it started and left running
    /// is killed with it. Keeps the script and its output in `folder`; returns bash's exit status and everything
    /// printed.
    func run(in folder: String, from directory: String = root) throws -> (status: Int32, output: String) {
        let script = folder + "/block-\(index).sh"
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = productsDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let log = folder + "/block-\(index).log"
        let bash = try ChildProcess.spawn(
            .init(
                "/bin/bash", [script], environment: environment, workingDirectory: directory, log: .file(log),
                ownProcessGroup: true))
        // Once bash has ended, ChildProcess kills its group; the members take a moment to die and free their ports.
        let status = bash.waitForExit()
        let group = try #require(bash.processGroup)
        #expect(pollUntil { Self.livingMembers(ofGroup: group).isEmpty }, "\(self): its processes outlive it")
        // A killed server's sockets close as it exits; the next block needs its ports.
        #expect(
            pollUntil { Self.fixedPorts.allSatisfy { (try? PortCheck.ensureFree(port: $0)) != nil } },
            "\(self): ports \(Self.fixedPorts) are still taken after it ended")
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard case .exited(let code) = status else { return (-1, output) }
        return (code, output)
    }

    /// The processes of process group `group` that are not zombies.
    static func livingMembers(ofGroup group: pid_t) -> [pid_t] {
        let pids =
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { pid_t($0) } ?? []
        return pids.filter { pid in
            // After the command's closing parenthesis: state, parent, process group.
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && fields[0] != "X" && pid_t(fields[2]) == group
        }
    }
}
