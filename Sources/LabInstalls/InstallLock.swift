import Glibc

/// An exclusive `flock` on a file, held until `release()`; the kernel drops it if the lab dies.
///
/// A failed install removes its lock file with `releaseRemovingFile()`, so the cache keeps nothing of it. A
/// process that was waiting then holds a lock on a file no longer at `path`, so taking the lock checks that the
/// locked file is still the one at `path` and takes it again on the new file if not.
struct InstallLock {
    private let descriptor: Int32
    private let path: String

    /// Takes the lock, calling `onWait` once first if another process holds it.
    init(path: String, onWait: () -> Void) throws(LiteLLMInstallError) {
        self.path = path
        var waited = false
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw .cacheUnusable(
                    path: path, reason: "cannot open the lock file: \(String(cString: strerror(errno)))")
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                if !waited { onWait() }
                waited = true
                while flock(descriptor, LOCK_EX) != 0 {
                    guard errno == EINTR else {
                        let reason = String(cString: strerror(errno))
                        close(descriptor)
                        throw .cacheUnusable(path: path, reason: "cannot lock: \(reason)")
                    }
                }
            }
            if Self.isStillAtPath(descriptor, path) {
                self.descriptor = descriptor
                return
            }
            close(descriptor)
        }
    }

    /// Releases the lock.
    func release() {
        close(descriptor)
    }

    /// Removes the lock file, then releases the lock: for an install that failed and left nothing else.
    func releaseRemovingFile() {
        unlink(path)
        close(descriptor)
    }

    /// Whether the file `descriptor` locks is the one at `path` (it is not once its holder removed it).
    private static func isStillAtPath(_ descriptor: Int32, _ path: String) -> Bool {
        var locked = stat()
        var named = stat()
        guard fstat(descriptor, &locked) == 0, stat(path, &named) == 0 else { return false }
        return locked.st_dev == named.st_dev && locked.st_ino == named.st_ino
    }
}
