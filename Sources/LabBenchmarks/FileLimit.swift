import Glibc

/// The open-file limit, raised so that thousands of sockets fit in the bench and in the children it starts
/// (children inherit it).
package enum FileLimit {
    /// Raises the soft limit to `wanted`, lifting the hard limit too when privileged.
    ///
    /// - Returns: The soft limit now in force, which may stay below `wanted`.
    @discardableResult
    package static func raise(to wanted: Int) -> Int {
        var limit = rlimit()
        getrlimit(resource, &limit)
        let target = rlim_t(wanted)
        if limit.rlim_cur < target {
            var raised = rlimit(rlim_cur: target, rlim_max: Swift.max(limit.rlim_max, target))
            // Without privilege the hard limit cannot move: settle for as much of it as there is.
            if setrlimit(resource, &raised) != 0 {
                raised = rlimit(rlim_cur: Swift.min(target, limit.rlim_max), rlim_max: limit.rlim_max)
                setrlimit(resource, &raised)
            }
        }
        getrlimit(resource, &limit)
        return Int(limit.rlim_cur)
    }

    /// `RLIMIT_NOFILE` as the `__rlimit_resource_t` glibc's functions take.
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
}
