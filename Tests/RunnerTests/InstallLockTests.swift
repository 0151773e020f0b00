import Dispatch
import Foundation
import LabTestSupport
import Glibc
import Testing

@testable import LabInstalls

@Suite struct InstallLockTests {
    private let path = TestFiles.path("leak-lab-install-\(UUID().uuidString.prefix(8)).lock")

    /// Whether another descriptor can take the lock on the file now at `path`.
    private func isFree() -> Bool {
        let probe = open(path, O_RDWR | O_CLOEXEC)
        defer { close(probe) }
        return probe >= 0 && flock(probe, LOCK_EX | LOCK_NB) == 0
    }

    @Test func aFailedInstallRemovesItsLockFile() throws {
        let lock = try InstallLock(path: path) {}
        #expect(!isFree())
        lock.releaseRemovingFile()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aLabWaitingOnALockFileThatIsRemovedTakesTheLockOnTheFileAtItsPath() throws {
        let holder = try InstallLock(path: path) {}
        let waiting = DispatchSemaphore(value: 0)
        let acquired = DispatchSemaphore(value: 0)
        let path = path
        DispatchQueue.global().async {
            let waiter = try? InstallLock(path: path) { waiting.signal() }
            acquired.signal()
            // Held until the test has checked it, then released.
            waiting.wait()
            waiter?.releaseRemovingFile()
            acquired.signal()
        }
        waiting.wait()
        holder.releaseRemovingFile()
        acquired.wait()
        // The waiter holds the new file at the path, not the removed one: a third lab must wait for it.
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!isFree())
        waiting.signal()
        acquired.wait()
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
