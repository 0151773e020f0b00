import LabCore
import LabWire

/// A small, strict option reader for the lab's commands: `--name value`, `--name=value`, flags, env fallbacks.
///
/// Every option is taken once by name; `finish()` then rejects anything left over, so a typo is an
/// error that names it instead of a silently ignored word.
///
/// ```swift
/// var options = CommandOptions(CommandLine.arguments.dropFirst(), environment: env)
/// let port = try options.integer("--port", env: "BACKEND_PORT", default: 5001, in: 1...65535)
/// try options.finish()
/// ```
public struct CommandOptions {
    fileprivate(set) var words: [String]
    private let environment: [String: String]

    /// Options from the words after the command name, with `environment` for fallbacks.
    package init(_ words: some Sequence<String>, environment: [String: String] = [:]) {
        self.words = Array(words)
        self.environment = environment
    }

    /// Adds the words of the environment variable `name` after the command line's, split and unquoted as a
    /// shell does with nothing expanded (``ShellWords/words(in:)``): how `lab compose-plan` reads `LAB_ARGS`,
    /// so that no shell ever evaluates it. Text a shell would read as more than words is a usage error.
    mutating func appendWords(ofEnvironment name: String) throws(UsageError) {
        guard let text = environment[name] else { return }
        do {
            words += try ShellWords.words(in: text)
        } catch {
            throw UsageError("\(name): \(error)")
        }
    }

    /// Removes `--name` (a flag without value) and says whether it was there.
    package mutating func flag(_ name: String) -> Bool {
        guard let index = words.firstIndex(of: name) else { return false }
        words.remove(at: index)
        return true
    }

    /// Removes and returns the value of `--name`, else the environment variable `env`, else nil.
    package mutating func string(_ name: String, env: String? = nil) throws(UsageError) -> String? {
        if let index = words.firstIndex(where: { $0 == name || $0.hasPrefix(name + "=") }) {
            let word = words.remove(at: index)
            if word.count > name.count { return String(word.dropFirst(name.count + 1)) }
            guard index < words.count, !words[index].hasPrefix("--") else {
                throw UsageError("\(name) needs a value")
            }
            return words.remove(at: index)
        }
        if let env, let value = environment[env], !value.isEmpty { return value }
        return nil
    }

    /// Removes every `--name value` and returns the values in order (repeatable options).
    package mutating func strings(_ name: String) throws(UsageError) -> [String] {
        var values: [String] = []
        while let value = try string(name) { values.append(value) }
        return values
    }

    /// An integer option within `range`.
    package mutating func integer(
        _ name: String, env: String? = nil, default fallback: Int, in range: ClosedRange<Int>
    )
        throws(UsageError) -> Int
    {
        guard let text = try string(name, env: env) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
            )
        }
        return value
    }

    /// A duration given in (possibly fractional) seconds, e.g. `--timeout 1` or `--interval 0.1`.
    package mutating func seconds(
        _ name: String, env: String? = nil, default fallback: Duration, in range: ClosedRange<Double>
    )
        throws(UsageError) -> Duration
    {
        guard let text = try string(name, env: env) else { return fallback }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError(
                "\(name) must be a number of seconds from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
            )
        }
        return .nanoseconds(Int64((value * 1e9).rounded()))
    }

    /// A value the lab sends in a header field, such as `--api-key`, refused here if it cannot be sent
    /// as given.
    ///
    /// A control character (the newline at the end of a key file, the CR of a Windows line ending)
    /// would end the field and corrupt the request, surrounding whitespace would be stripped by the
    /// receiver, and an empty value would send a header with nothing in it. Each is a usage error
    /// naming the option, so it ends the command with exit status 64 before anything is sent.
    mutating func headerValue(_ name: String, env: String? = nil) throws(UsageError) -> String? {
        guard let text = try string(name, env: env) else { return nil }
        let option = env.map { "\(name) (or \($0))" } ?? name
        guard !text.isEmpty else {
            throw UsageError("\(option) is empty: give a value, or leave the option out to send none")
        }
        do {
            try HTTPHeaders.validate(value: text)
        } catch {
            throw UsageError(
                "\(option) \(error), which a header cannot carry as given: remove it "
                    + "(a value read from a file often keeps its line ending)")
        }
        return text
    }

    /// An `http://` URL option.
    package mutating func url(_ name: String, env: String? = nil) throws(UsageError) -> HTTPURL? {
        guard let text = try string(name, env: env) else { return nil }
        do { return try HTTPURL(parsing: text) } catch { throw UsageError("\(name): \(error)") }
    }

    /// One of a fixed set of words.
    package mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ name: String, env: String? = nil, as type: Value.Type
    )
        throws(UsageError) -> Value? where Value.RawValue == String
    {
        guard let text = try string(name, env: env) else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("\(name) must be one of \(allowed), not '\(text)'")
        }
        return value
    }

    /// Fails on any word no option took.
    package func finish() throws(UsageError) {
        guard let first = words.first else { return }
        throw UsageError("unknown option '\(first)'")
    }
}

/// Wrong words on the command line: exit status 64 (`EX_USAGE`), with a message saying what was wrong.
public struct UsageError: Error, CustomStringConvertible {
    /// What was wrong and, where it helps, what to do.
    package let message: String

    /// The conventional exit status for usage errors.
    package static let exitCode: Int32 = 64

    /// A usage error with `message`.
    package init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension CommandOptions {
    /// Removes the leading subcommand word, or returns `fallback` when the first word is an option.
    package mutating func subcommand(default fallback: String, allowed: Set<String>) throws(UsageError)
        -> String
    {
        guard let first = words.first, !first.hasPrefix("-") else { return fallback }
        guard allowed.contains(first) else {
            throw UsageError(
                "unknown command '\(first)'; commands: \(allowed.sorted().joined(separator: ", "))")
        }
        words.removeFirst()
        return first
    }
}
