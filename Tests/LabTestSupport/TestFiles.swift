import Foundation
import Synchronization

/// Where tests keep their files: one folder per test process under the system's temporary directory
/// (`leak-lab-tests-<pid>`), removed when the process exits, so `make test` leaves nothing behind (an end-to-end
/// run left 300 MB: caches, venvs, run folders). `LAB_KEEP_TEST_FILES=1` keeps it, to look at a failing test's
/// files.
package enum TestFiles {
    private static let root: String = {
        let root = NSTemporaryDirectory() + "leak-lab-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["LAB_KEEP_TEST_FILES"] != "1" {
            atexit { try? FileManager.default.removeItem(atPath: TestFiles.rootPath.withLock { $0 }) }
        }
        rootPath.withLock { $0 = root }
        return root
    }()
    /// The root, for the exit handler, which cannot capture it.
    private static let rootPath = Mutex("")

    /// A path for a file or folder named `name` (made unique by the caller), not yet made.
    package static func path(_ name: String) -> String { root + "/" + name }

    /// A new, empty folder named `name` plus a unique suffix.
    package static func folder(_ name: String) throws -> String {
        let path = path("\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
