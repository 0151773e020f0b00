import Foundation

/// Whether `pid` names a process that still runs. Zombies count as gone: this machine's init
/// does not reap orphans, so a killed grandchild can stay a zombie.
public func isRunning(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let end = stat.lastIndex(of: ")")
    else { return false }
    let state = stat[stat.index(end, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// The running processes whose command line contains `text` (zombies left out), this one excepted.
public func processes(naming text: String) -> [pid_t] {
    let own = getpid()
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { pid_t($0) }.filter { pid in
        guard pid != own, isRunning(pid),
            let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
        else { return false }
        return String(decoding: line.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text)
    }
}
