import Foundation
import LabProcesses

/// The machine and tool versions a benchmark ran with, so its figures can be compared honestly.
package struct MachineInfo: Codable, Sendable, Equatable {
    /// The CPU model, from `/proc/cpuinfo`.
    var cpu: String
    /// Online cores.
    package var cores: Int
    /// Total memory, GiB.
    var memoryGiB: Double
    /// The operating system, from `/etc/os-release`.
    package var system: String
    /// The kernel release.
    package var kernel: String
    /// `Python x.y.z` of the asyncio peer.
    package var python: String
    /// `curl x.y.z` of the original method.
    package var curl: String

    /// The 1, 5 and 15 minute load averages now, e.g. `0.52 0.40 0.31`.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Reads the running machine; a version that cannot be read is `unknown`.
    static func current(tools: BenchTools) -> MachineInfo {
        func file(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        func value(_ key: String, in text: String, separator: Character) -> String? {
            text.split(separator: "\n").lazy.compactMap { line -> String? in
                let parts = line.split(separator: separator, maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key else {
                    return nil
                }
                return parts[1].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"")))
            }.first
        }
        func firstLine(_ executable: String, _ arguments: [String]) -> String {
            guard let (status, text) = try? ChildProcess.output(.init(executable, arguments)),
                status.isSuccess,
                let line = text.split(separator: "\n").first
            else { return "unknown" }
            return String(line)
        }
        let memoryKiB =
            value("MemTotal", in: file("/proc/meminfo"), separator: ":")
            .flatMap { Double($0.split(separator: " ")[0]) } ?? 0
        var names = utsname()
        uname(&names)
        let kernel = withUnsafeBytes(of: names.release) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        return MachineInfo(
            cpu: value("model name", in: file("/proc/cpuinfo"), separator: ":") ?? "unknown",
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: (memoryKiB / 1_048_576 * 10).rounded() / 10,
            system: value("PRETTY_NAME", in: file("/etc/os-release"), separator: "=") ?? "unknown",
            kernel: kernel,
            python: firstLine(tools.python, ["--version"]),
            curl: firstLine(tools.curl, ["--version"]).split(separator: " ").prefix(2).joined(separator: " "))
    }
}
