import Foundation
import LabTestSupport
@testable import LabProcesses
import Testing

/// End-to-end tests run the real LiteLLM and take minutes: `make test` enables them with LAB_E2E=1.
let endToEndEnabled = ProcessInfo.processInfo.environment["LAB_E2E"] == "1"

/// The folder holding the package's built executables: the test bundle's own folder.
let productsDirectory: String = {
    let executable =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: executable).deletingLastPathComponent().path
}()

/// A fresh temporary folder for one test's outputs (removed with the test process's files).
func temporaryFolder(_ name: String) throws -> String { try TestFiles.folder("e2e-\(name)") }

/// Runs one of the package's executables to its end in `folder` (its working directory, where its output
/// is kept); returns its exit status and everything it printed.
func runProduct(_ name: String, _ arguments: [String], in folder: String) throws -> (
    status: Int32, output: String
) {
    let log = folder + "/\(name)-output.txt"
    let status = try ChildProcess.run(
        .init(productsDirectory + "/" + name, arguments, workingDirectory: folder, log: .file(log)))
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    guard case .exited(let code) = status else { return (-1, output) }
    return (code, output)
}

/// The last non-empty line of `output`.
func lastLine(of output: String) -> String {
    output.split(separator: "\n").last.map(String.init) ?? ""
}

/// The `fake-backend` executable on a loopback port it bound itself (`--port 0`), logging to
/// `folder`/backend.log; the caller stops it.
struct FakeBackendProcess {
    let process: ChildProcess
    /// The port it wrote to `folder`/backend.port once listening.
    let port: Int

    init(in folder: String) throws {
        let portFile = folder + "/backend.port"
        process = try ChildProcess.spawn(
            .init(
                productsDirectory + "/fake-backend", ["--port", "0", "--port-file", portFile],
                log: .file(folder + "/backend.log")))
        let written = LabTestSupport.port(writtenTo: portFile)
        if written == nil { process.stop(grace: .seconds(1)) }
        port = try #require(written, "fake-backend wrote no port")
    }

    /// Its root URL, `http://127.0.0.1:PORT`, as the lab's options take it.
    var root: String { "http://127.0.0.1:\(port)" }

    /// Where the load posts.
    var chatURL: String { root + "/v1/chat/completions" }

    /// Stops it: `SIGTERM`, then `SIGKILL` after a second.
    @discardableResult
    func stop() -> ChildProcess.ExitStatus { process.stop(grace: .seconds(1)) }
}
