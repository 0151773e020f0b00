import Foundation
import LabCore

/// A LiteLLM install's full resolution: every package `==` its version, with the index's hashes, as a
/// pip-tools style requirements file that `uv pip install --no-deps -r` (or pip) installs exactly.
///
/// The lab writes the file; the lines above the requirements say what it was resolved from, so a lock
/// names its own build and day:
///
/// ```
/// # litellm-leak-lab lock: install with `lab run --lock FILE` (or `uv pip install --no-deps -r FILE`)
/// # build: litellm[proxy]==1.61.20
/// # resolved-as-of: 2026-12-01
/// # resolved-on: 2026-12-07
/// # python: 3.11
/// # resolver: uv 0.13.9
/// aiohappyeyeballs==2.6.1 \
///     --hash=sha256:...
/// ```
package struct LiteLLMLock: Sendable, Equatable {
    /// The whole file, as written and hashed.
    package let text: String
    /// Where it was read from (a committed lock, `--lock FILE`, the cache); nil for one just resolved.
    package var path: String?

    /// The first line of every lock the lab writes.
    static let signature = "# litellm-leak-lab lock"

    /// Reads the lock at `path`.
    ///
    /// - Throws: ``LiteLLMLockError`` when the file cannot be read or pins nothing.
    package init(contentsOf path: String) throws(LiteLLMLockError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        try self.init(text: text, path: path)
    }

    /// A lock from its text.
    ///
    /// - Throws: ``LiteLLMLockError/pinsNothing(path:)`` when no line pins a package.
    package init(text: String, path: String? = nil) throws(LiteLLMLockError) {
        self.text = text
        self.path = path
        guard !pins.isEmpty else { throw .pinsNothing(path: path ?? "(resolved)") }
    }

    /// A lock of `requirements` (the resolver's output) under a header of `fields`.
    package init(fields: [(String, String)], requirements: String) throws(LiteLLMLockError) {
        let header =
            [Self.signature + ": install with `lab run --lock FILE` (or `uv pip install --no-deps -r FILE`)"]
            + fields.map { "# \($0.0): \($0.1)" }
        try self.init(text: header.joined(separator: "\n") + "\n" + requirements)
    }

    /// The header's `# key: value` fields.
    package var fields: [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("# ") && !line.hasPrefix(Self.signature)
        {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[line.index(line.startIndex, offsetBy: 2)..<colon]
            fields[String(key)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// The installed version of each package it pins, by normalized name (`pyyaml`, `typing-extensions`); a
    /// package installed from a file (`litellm @ file:///...`) maps to the file's URL.
    package var pins: [String: String] {
        var pins: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let requirement = line.prefix { $0 != "\\" && $0 != ";" }.trimmingCharacters(in: .whitespaces)
            guard let first = requirement.first, first.isLetter || first.isNumber else { continue }
            if let pin = requirement.range(of: "==") {
                pins[ProxyRequirements.normalized(String(requirement[..<pin.lowerBound]))] = String(
                    requirement[pin.upperBound...])
            } else if let at = requirement.range(of: " @ ") {
                let name = requirement[..<at.lowerBound].prefix { $0 != "[" }
                pins[ProxyRequirements.normalized(String(name))] = String(requirement[at.upperBound...])
            }
        }
        return pins
    }

    /// The SHA-256 of its text: what keys its venv and names it in reports.
    package var sha256: String {
        var hash = SHA256()
        hash.update(text)
        return hash.finalize()
    }

    /// What it was resolved as of: a day, `release (<timestamp>)`, or `today (<day>)`.
    package var resolvedAsOf: String { fields["resolved-as-of"] ?? "unknown" }

    /// The day it was resolved as of (`2026-12-01` from `2026-12-01`, `release (2026-12-01)` or
    /// `today (2026-12-01)`); nil when the header names none.
    package var resolvedDay: String? {
        let asOf = resolvedAsOf
        let day =
            asOf.firstIndex(of: "(").map { asOf[asOf.index(after: $0)...].prefix(10) } ?? asOf.prefix(10)
        return day.count == 10 && day.filter({ $0 == "-" }).count == 2 ? String(day) : nil
    }

    /// One line naming it for people and reports:
    /// `locks/litellm-1.61.20.txt (sha256 1a2b3c4d5e6f, resolved as of 2026-12-01)`.
    package var summary: String {
        "\(path ?? "a new resolution") (sha256 \(sha256.prefix(12)), resolved as of \(resolvedAsOf))"
    }

    /// The packages whose versions differ from `other`'s, as `name old → new` lines (`-` where one lacks it).
    package func changes(to other: LiteLLMLock) -> [String] {
        let (mine, theirs) = (pins, other.pins)
        return Set(mine.keys).union(theirs.keys).sorted().compactMap { name in
            guard mine[name] != theirs[name] else { return nil }
            return "\(name) \(mine[name] ?? "-") → \(theirs[name] ?? "-")"
        }
    }

    /// The lines of `freeze` (`name==version`) that disagree with the pins, and pins missing from it;
    /// packaging tools a venv brings (pip, setuptools, wheel) may be there unpinned.
    package func mismatches(inFreeze freeze: String) -> [String] {
        var installed: [String: String] = [:]
        for line in freeze.split(separator: "\n") {
            guard let pin = line.range(of: "==") else { continue }
            installed[ProxyRequirements.normalized(String(line[..<pin.lowerBound]))] = String(
                line[pin.upperBound...])
        }
        let tools: Set = ["pip", "setuptools", "wheel"]
        var problems: [String] = []
        for (name, version) in pins.sorted(by: { $0.key < $1.key }) {
            // A package from a file is checked by the install itself: its version is in the build's name.
            guard !version.contains(":") else { continue }
            if installed[name] != version {
                problems.append("\(name): locked \(version), installed \(installed[name] ?? "nothing")")
            }
        }
        for name in installed.keys.sorted() where pins[name] == nil && !tools.contains(name) {
            problems.append("\(name): installed \(installed[name] ?? ""), not in the lock")
        }
        return problems
    }
}

/// Why a lock cannot be used.
package enum LiteLLMLockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// No line of it pins a package.
    case pinsNothing(path: String)
    /// It pins another LiteLLM than the build asked for.
    case otherBuild(path: String, locked: String?, asked: String)

    /// What is wrong and what to do.
    package var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read the lock \(path): \(reason): give --lock a file `lab lock` wrote"
        case .pinsNothing(let path):
            return
                "the lock \(path) pins no package (expected lines such as `openai==1.61.0`): give --lock a file"
                + " `lab lock` wrote"
        case .otherBuild(let path, let locked, let asked):
            return "the lock \(path) pins " + (locked.map { "litellm \($0)" } ?? "no litellm")
                + ", not \(asked): write one for this build with `lab lock`, or ask for the build it locks"
        }
    }
}
