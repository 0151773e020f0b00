import Foundation
@testable import LabEventLoop
@testable import LabRunner
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

/// A loopback port nothing listens on right now.
func freePort() throws -> Int {
    let descriptor = try Socket.listen(host: "127.0.0.1", port: 0)
    defer { close(descriptor) }
    return try SocketAddress.local(of: descriptor).port
}

/// A fresh temporary folder for one test's outputs.
func temporaryFolder(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "leak-lab-e2e-\(name)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

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

/// Starts the `fake-backend` executable on loopback `port`, logging to `folder`/backend.log; the caller stops it.
func startFakeBackend(port: Int, in folder: String) throws -> ChildProcess {
    try ChildProcess.spawn(
        .init(
            productsDirectory + "/fake-backend", ["--port", String(port)], log: .file(folder + "/backend.log")
        ))
}
