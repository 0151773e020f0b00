import Foundation
import Glibc
import LabTestSupport
import Testing

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = TestFiles.path("runner-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func read(_ name: String) throws -> String { try String(contentsOfFile: file(name), encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Whether file `name` holds `text` `count` times (or more).
    func fileContains(_ name: String, count: Int, of text: String) -> Bool {
        ((try? read(name)) ?? "").components(separatedBy: text).count - 1 >= count
    }
}

/// The pid a shell script wrote into `path`, once it is there.
func pid(writtenTo path: String) -> pid_t? {
    var value: pid_t?
    _ = pollUntil {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        value = text.hasSuffix("\n") ? pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) : nil
        return value != nil
    }
    return value
}

/// A socket listening on a loopback port (`port`, or an ephemeral one), and that port; throws when it is taken.
func listeningSocket(port: Int = 0) throws -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && listen(descriptor, 1) == 0
                && getsockname(descriptor, $0, &length) == 0
        }
    }
    guard bound else {
        let error = POSIXError(POSIXErrorCode(rawValue: errno) ?? .EADDRINUSE)
        close(descriptor)
        throw error
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
