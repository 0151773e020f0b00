import Foundation
import Testing

@testable import LabProxies

/// The HAProxy and Caddy controls' configs: loopback only, the backend, a health path, and one setting that
/// differs; each accepted by the proxy's own checker where the proxy is installed (CI installs both).
@Suite struct ControlConfigTests {
    private func haproxy(abortOnClose: Bool) -> HAProxyConfig {
        HAProxyConfig(backend: "127.0.0.1:5001", port: 4100, abortOnClose: abortOnClose, prefix: "/run/x")
    }

    private func caddy(ignoring: Bool) -> CaddyConfig {
        CaddyConfig(backend: "127.0.0.1:5001", port: 4100, ignoreClientDisconnect: ignoring, prefix: "/run/x")
    }

    @Test func haproxyListensOnLoopbackAndOnlyTheAbortOptionDiffers() {
        let defaults = haproxy(abortOnClose: false).text
        #expect(
            defaults.contains("bind 127.0.0.1:4100") && defaults.contains("server backend 127.0.0.1:5001"))
        #expect(defaults.contains("if { path /lab-health }"))
        #expect(!defaults.contains("abortonclose"))
        let aborting = haproxy(abortOnClose: true).text
        #expect(aborting.replacingOccurrences(of: "    option abortonclose\n", with: "") == defaults)
        #expect(
            haproxy(abortOnClose: true).arguments(configFile: "/run/x/haproxy.cfg") == [
                "-db", "-f", "/run/x/haproxy.cfg",
            ])
    }

    @Test func caddyListensOnLoopbackAndOnlyTheFlushIntervalDiffers() {
        let defaults = caddy(ignoring: false).text
        #expect(defaults.contains("http://:4100 {") && defaults.contains("bind 127.0.0.1"))
        #expect(defaults.contains("admin off") && defaults.contains("respond /lab-health"))
        #expect(defaults.contains("reverse_proxy 127.0.0.1:5001\n") && !defaults.contains("flush_interval"))
        #expect(
            caddy(ignoring: true).text.contains("reverse_proxy 127.0.0.1:5001 {\n\t\tflush_interval -1\n\t}"))
        #expect(caddy(ignoring: true).environment.values.allSatisfy { $0.hasPrefix("/run/x/") })
    }

    @Test(
        .enabled(if: Self.installed("/usr/sbin/haproxy"), "haproxy is not installed"),
        arguments: [false, true])
    func haproxyAcceptsItsConfig(abortOnClose: Bool) throws {
        let folder = try ScratchDirectory()
        defer { folder.remove() }
        let file = folder.file("haproxy.cfg")
        try haproxy(abortOnClose: abortOnClose).text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try Self.status("/usr/sbin/haproxy", ["-c", "-f", file]) == 0)
    }

    @Test(.enabled(if: Self.installed("/usr/bin/caddy"), "caddy is not installed"), arguments: [false, true])
    func caddyAcceptsItsConfig(ignoring: Bool) throws {
        let folder = try ScratchDirectory()
        defer { folder.remove() }
        let file = folder.file("Caddyfile")
        try caddy(ignoring: ignoring).text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(
            try Self.status("/usr/bin/caddy", ["adapt", "--config", file, "--adapter", "caddyfile"]) == 0)
    }

    private static func installed(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: path)
    }

    private static func status(_ program: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        // Caddy keeps its state under these: a scratch place, not the user's home.
        process.environment = ["HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": NSTemporaryDirectory()]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
