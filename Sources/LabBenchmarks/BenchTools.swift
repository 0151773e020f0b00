import Foundation
import LabCore
import LabProcesses

/// The programs a benchmark runs: the lab's own executables, Python with the asyncio peer, and curl.
package struct BenchTools: Sendable {
    /// The folder holding `fake-backend`, `load-client`, `collector` and `lab`.
    package var binFolder: String
    /// The Python interpreter itself (see ``resolvePython(_:)``).
    package var python: String
    /// The asyncio backend script, `bench/asyncio_backend.py`.
    package var asyncioScript: String
    /// curl, for the original reproduction's method.
    package var curl: String

    /// Tools from these places.
    package init(binFolder: String, python: String, asyncioScript: String, curl: String = "curl") {
        self.binFolder = binFolder
        self.python = python
        self.asyncioScript = asyncioScript
        self.curl = curl
    }

    var fakeBackend: String { binFolder + "/fake-backend" }
    var loadClient: String { binFolder + "/load-client" }
    var collector: String { binFolder + "/collector" }
    var lab: String { binFolder + "/lab" }

    /// The folder of the running executable: `swift build` puts its siblings there.
    package static func executableFolder() -> String {
        (OwnExecutable.path as NSString).deletingLastPathComponent
    }

    /// The interpreter that `name` really runs.
    ///
    /// Launchers such as pyenv's shims start Python as another process: measured through them, the
    /// bench would read the launcher's memory and stop the launcher, not the backend.
    ///
    /// - Throws: ``BenchError`` when `name` cannot run.
    package static func resolvePython(_ name: String) throws -> String {
        let (status, path) = try ChildProcess.output(
            .init(name, ["-c", "import sys; print(sys.executable)"]))
        let interpreter = path.trimmingCharacters(in: .whitespacesAndNewlines)
        guard status.isSuccess, !interpreter.isEmpty else {
            throw BenchError(
                "\(name) could not report its interpreter (\(status)): install python3 or pass --python")
        }
        return interpreter
    }
}
