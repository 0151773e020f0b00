import Foundation
import LabCore
import LabProcesses
import LabRecords
import LabReporting

extension LabEnvironment {
    /// This machine: OS, kernel, Python, and the packages of each LiteLLM version from its `pip freeze`.
    package static func probe(freezes: [String: String], brokenConstraints: [String: [String]] = [:])
        -> LabEnvironment
    {
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let os = release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map {
                String($0.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
            }
        var system = utsname()
        uname(&system)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let python = (try? ChildProcess.output(.init("python3", ["--version"])))?.stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return LabEnvironment(
            os: os ?? "unknown", kernel: "\(text(system.release)) \(text(system.machine))",
            python: python ?? "unknown",
            lab: LabVersion.current, packages: freezes.mapValues(LiteLLMDependencies.packages(fromFreeze:)),
            brokenConstraints: brokenConstraints.isEmpty ? nil : brokenConstraints)
    }
}
