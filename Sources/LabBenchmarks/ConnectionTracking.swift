import Foundation
import LabCore

/// The kernel's connection-tracking table, which loopback connections go through when netfilter tracks
/// connections.
///
/// A closed connection keeps its entry for the `TIME_WAIT` timeout (120 s by default), and a full table
/// drops new connections' SYNs without a word: a benchmark opening tens of thousands of connections on
/// a shared machine must leave room, or it measures SYN retransmits.
struct ConnectionTracking: Sendable, Equatable, CustomStringConvertible {
    /// Entries in use.
    var count: Int
    /// The table's size.
    var limit: Int

    /// Entries still free.
    var free: Int { limit - count }

    /// The table now; nil when the kernel tracks no connections.
    static func read() -> ConnectionTracking? {
        func number(_ name: String) -> Int? {
            (try? String(contentsOfFile: "/proc/sys/net/netfilter/\(name)", encoding: .utf8))
                .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        guard let count = number("nf_conntrack_count"), let limit = number("nf_conntrack_max") else {
            return nil
        }
        return ConnectionTracking(count: count, limit: limit)
    }

    /// Waits, up to `patience`, until `needed` entries are free, telling `say` once why it waits.
    ///
    /// - Returns: The table when the wait ended, room or not; nil when connections are not tracked.
    static func waitForRoom(
        _ needed: Int, patience: Duration, say: (String) -> Void
    ) -> ConnectionTracking? {
        guard var table = read(), table.free < needed else { return read() }
        say(
            "the connection-tracking table has \(BenchFormat.count(table.free)) of "
                + "\(BenchFormat.count(table.limit)) entries free, \(BenchFormat.count(needed)) needed: "
                + "waiting up to \(Format.seconds(patience.seconds)) for closed connections to expire")
        let giveUp = LabClock.monotonicNanoseconds() + patience.nanoseconds
        while table.free < needed, LabClock.monotonicNanoseconds() < giveUp {
            Thread.sleep(forTimeInterval: 1)
            table = read() ?? table
        }
        return table
    }

    /// `206,956 of 262,144 entries in use`.
    var description: String {
        "\(BenchFormat.count(count)) of \(BenchFormat.count(limit)) entries in use"
    }
}
