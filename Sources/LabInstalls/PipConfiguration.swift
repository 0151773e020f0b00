import Foundation

/// Where the machine's pip finds packages, read from `pip config list`, and the same for uv.
///
/// uv does not read pip's configuration files or `PIP_*` variables, so without this uv would ask a
/// different index than pip does on a machine configured for a mirror, a proxy's CA or a wheel folder.
///
/// ```swift
/// let pip = PipConfiguration(pipConfigList: "global.index-url='https://mirror.example/simple'\n")
/// let environment = pip.uvEnvironment(over: ProcessInfo.processInfo.environment)
/// ```
package struct PipConfiguration: Sendable, Equatable {
    /// `index-url`: the main index.
    var indexURL: String?
    /// `extra-index-url`: indexes searched besides the main one.
    var extraIndexURLs: [String] = []
    /// `cert`: the CA bundle that verifies the indexes.
    var cert: String?
    /// `find-links`: folders or pages of distributions.
    var findLinks: [String] = []
    /// `trusted-host`: hosts reached without verifying TLS.
    var trustedHosts: [String] = []
    /// `no-index`: only `find-links`, no index at all.
    var noIndex = false
    /// `timeout` (or `default-timeout`): seconds before a request gives up.
    package var timeout: String?

    /// Reads what `pip config list` printed: `global.index-url='https://...'`, one key a line.
    ///
    /// Variables (`:env:`, from `PIP_*`) win over the `install` section, which wins over `global`,
    /// as they do for `pip install`. Other sections and keys are ignored.
    package init(pipConfigList output: String) {
        let rank = [":env:": 3, "install": 2, "global": 1]
        var chosen: [String: (rank: Int, value: String)] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), let dot = line.firstIndex(of: "."), dot < equals,
                let level = rank[String(line[..<dot])]
            else { continue }
            let key = line[line.index(after: dot)..<equals].lowercased().replacingOccurrences(
                of: "_", with: "-")
            let value = Self.unquoted(String(line[line.index(after: equals)...]))
            if (chosen[key]?.rank ?? 0) < level { chosen[key] = (level, value) }
        }
        func words(_ key: String) -> [String] {
            (chosen[key]?.value ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        }
        indexURL = words("index-url").first
        extraIndexURLs = words("extra-index-url")
        cert = words("cert").first
        findLinks = words("find-links")
        trustedHosts = words("trusted-host")
        noIndex = ["1", "true", "yes", "on"].contains(chosen["no-index"]?.value.lowercased() ?? "")
        timeout = words("timeout").first ?? words("default-timeout").first
    }

    /// `environment` plus the variables that make uv use this configuration.
    ///
    /// A `UV_*` variable already set is the user's own choice for uv and is kept. Extra indexes are
    /// searched the way pip does (best version across all indexes), not uv's first-index default.
    func uvEnvironment(over environment: [String: String]) -> [String: String] {
        var result = environment
        func set(_ name: String, _ value: String?, unlessSet others: [String] = []) {
            guard let value, !value.isEmpty, ([name] + others).allSatisfy({ environment[$0] == nil }) else {
                return
            }
            result[name] = value
        }
        set("UV_DEFAULT_INDEX", indexURL, unlessSet: ["UV_INDEX_URL"])
        set("UV_INDEX", extraIndexURLs.joined(separator: " "), unlessSet: ["UV_EXTRA_INDEX_URL"])
        set("UV_INDEX_STRATEGY", extraIndexURLs.isEmpty ? nil : "unsafe-best-match")
        set("UV_FIND_LINKS", findLinks.joined(separator: ","))
        set("UV_INSECURE_HOST", trustedHosts.joined(separator: " "))
        set("UV_NO_INDEX", noIndex ? "1" : nil)
        set("UV_HTTP_TIMEOUT", timeout)
        // pip's own CA bundle is the one known to reach its index, whatever the shell says.
        if let cert { result["SSL_CERT_FILE"] = cert }
        return result
    }

    /// A value as pip prints it (Python's repr): quotes removed, `\n` between list items as a space.
    private static func unquoted(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let quote = value.first, "'\"".contains(quote), value.last == quote {
            value = String(value.dropFirst().dropLast())
        }
        return value.replacingOccurrences(of: "\\n", with: " ")
    }
}
