import Glibc

/// An exclusive `flock` on a file, held until `release()`; the kernel drops it if the lab dies.
struct InstallLock {
    private let descriptor: Int32

    /// Takes the lock, calling `onWait` once first if another process holds it.
    init(path: String, onWait: () -> Void) throws(LiteLLMInstallError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .cacheUnusable(
                path: path, reason: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return }
        onWait()
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .cacheUnusable(path: path, reason: "cannot lock: \(reason)")
            }
        }
    }

    /// Releases the lock.
    func release() {
        close(descriptor)
    }
}
