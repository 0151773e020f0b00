import Foundation

/// What a running process uses, read from `/proc`: resident memory now and at its peak, CPU time so far.
///
/// ```swift
/// let before = ProcessUsage.read(pid: backend.pid)!
/// ```
package struct ProcessUsage: Codable, Sendable, Equatable {
    /// Resident memory now (`VmRSS`), bytes.
    var residentBytes: Int
    /// The highest resident memory so far (`VmHWM`), bytes.
    var peakResidentBytes: Int
    /// The part of the resident memory that is the process's own (`RssAnon`), bytes; the rest is mostly
    /// pages of shared libraries, which every process using them shares.
    var anonymousBytes: Int
    /// CPU time of all its threads so far, user and system, seconds.
    var cpuSeconds: Double

    /// Reads the usage of `pid`; nil when it has ended (an unreaped child has no memory left to read).
    package static func read(pid: pid_t) -> ProcessUsage? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let memory = parseMemory(status: status),
            let cpu = cpuSeconds(pid: pid)
        else { return nil }
        return ProcessUsage(
            residentBytes: memory.resident, peakResidentBytes: memory.peak, anonymousBytes: memory.anonymous,
            cpuSeconds: cpu)
    }

    /// Resident and own memory of `pid` now, bytes; nil when it has ended. Cheaper than ``read(pid:)``
    /// (no CPU accounting), for frequent sampling.
    static func memory(pid: pid_t) -> (resident: Int, anonymous: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let memory = parseMemory(status: status)
        else { return nil }
        return (memory.resident, memory.anonymous)
    }

    /// `VmRSS`, `VmHWM` and `RssAnon` from the text of `/proc/PID/status`, in bytes.
    static func parseMemory(status: String) -> (resident: Int, peak: Int, anonymous: Int)? {
        var fields: [Substring: Int] = [:]
        for line in status.split(separator: "\n")
        where line.hasPrefix("VmRSS:") || line.hasPrefix("VmHWM:") || line.hasPrefix("RssAnon:") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count == 3, words[2] == "kB", let kibibytes = Int(words[1]) else { return nil }
            fields[words[0].dropLast()] = kibibytes * 1024
        }
        guard let resident = fields["VmRSS"], let peak = fields["VmHWM"], let anonymous = fields["RssAnon"]
        else {
            return nil
        }
        return (resident, peak, anonymous)
    }

    /// CPU seconds of every thread of `pid`: the scheduler's nanosecond accounting when the kernel has
    /// it (a 2 s window of an idle process is a few microseconds, far below a 10 ms clock tick), else ticks.
    static func cpuSeconds(pid: pid_t) -> Double? {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        let nanoseconds = tasks.map { task in
            (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8))
                .flatMap(parseSchedstat)
        }
        if !nanoseconds.isEmpty, !nanoseconds.contains(nil) {
            return Double(nanoseconds.reduce(0) { $0 + $1! }) / 1e9
        }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let ticks = parseCPUTicks(stat: stat)
        else { return nil }
        return Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Nanoseconds on the CPU: the first field of `/proc/PID/task/TID/schedstat`.
    static func parseSchedstat(_ text: String) -> UInt64? {
        text.split(separator: " ").first.flatMap { UInt64($0) }
    }

    /// `utime + stime` in clock ticks from the text of `/proc/PID/stat`.
    static func parseCPUTicks(stat: String) -> Int? {
        // The command name in parentheses may hold spaces and parentheses: count fields after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 3 (state) comes first here, so utime (field 14) and stime (15) sit at 11 and 12.
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }
}
