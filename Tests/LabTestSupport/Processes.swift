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
