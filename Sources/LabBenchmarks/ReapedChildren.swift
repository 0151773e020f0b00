import Glibc

/// CPU time of every child this process has reaped (`RUSAGE_CHILDREN`).
///
/// The difference around a run is that run's whole CPU, however many processes it took and however
/// short they lived: the kernel adds a child's time when it is reaped.
enum ReapedChildren {
    /// User plus system seconds of all reaped children so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
