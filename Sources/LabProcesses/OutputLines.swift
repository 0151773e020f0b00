import Dispatch
import Foundation
import Glibc

/// Reads a child's output from a pipe: appends it to its log and hands each line over as it comes.
enum OutputLines {
    /// Starts a thread reading `pipe` to its end, appending everything to `log` and handing each line
    /// (ended by a newline or a carriage return) to `handler`; closes both descriptors at the end.
    ///
    /// - Returns: Signalled once the pipe's end was read and the last line handed over.
    static func follow(_ pipe: Int32, into log: Int32, handler: @escaping @Sendable (String) -> Void)
        -> DispatchSemaphore
    {
        let ended = DispatchSemaphore(value: 0)
        Thread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 16384)
            while true {
                let count = read(pipe, &chunk, chunk.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                _ = chunk.withUnsafeBytes { Glibc.write(log, $0.baseAddress, count) }
                for byte in chunk[0..<count] {
                    if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                        if !pending.isEmpty { handler(String(decoding: pending, as: UTF8.self)) }
                        pending.removeAll(keepingCapacity: true)
                    } else {
                        pending.append(byte)
                    }
                }
            }
            if !pending.isEmpty { handler(String(decoding: pending, as: UTF8.self)) }
            close(pipe)
            close(log)
            ended.signal()
        }.start()
        return ended
    }
}
