import Foundation
import LabRecords

extension LiteLLMDependencies {
    /// Reads `--pip` (repeatable overrides), `--resolve-as-of`, `--constraints` and `--lock` (which fixes every
    /// package, so it goes alone).
    package static func read(_ options: inout CommandOptions) throws(UsageError) -> LiteLLMDependencies {
        let dependencies = LiteLLMDependencies(
            overrides: try options.strings("--pip"),
            resolveAsOf: try options.string("--resolve-as-of").map(validatedDate),
            constraintsFile: try options.string("--constraints"),
            lockFile: try options.string("--lock"))
        for (option, file, what) in [
            ("--constraints", dependencies.constraintsFile, "a pip constraints file"),
            ("--lock", dependencies.lockFile, "a lock `lab lock` wrote"),
        ] {
            if let file, !FileManager.default.isReadableFile(atPath: file) {
                throw UsageError("\(option) \(file): no readable file there (\(what) is expected)")
            }
        }
        if dependencies.lockFile != nil,
            !dependencies.overrides.isEmpty || dependencies.resolveAsOf != nil
                || dependencies.constraintsFile != nil
        {
            throw UsageError(
                "--lock installs exactly the packages it lists: leave out --pip, --resolve-as-of and --constraints"
                    + " (write a lock with them instead: lab lock ... --pip R --out FILE)")
        }
        return dependencies
    }

    /// The options ``read(_:)`` reads back to these choices.
    package var words: [String] {
        var words = OptionWords()
        overrides.forEach { words.add("--pip", $0) }
        words.add("--resolve-as-of", resolveAsOf)
        words.add("--constraints", constraintsFile)
        words.add("--lock", lockFile)
        return words.words
    }

    /// Checks a `--resolve-as-of` value: `release`, `today`, or a day as `YYYY-MM-DD`, a real calendar day.
    ///
    /// - Returns: The value as given.
    /// - Throws: ``UsageError`` saying what is expected.
    static func validatedDate(_ text: String) throws(UsageError) -> String {
        if text == "release" || text == "today" { return text }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let digits = parts.map { $0.allSatisfy { ("0"..."9").contains($0) } }
        var components = DateComponents()
        if parts.map(\.count) == [4, 2, 2], !digits.contains(false) {
            components = DateComponents(year: Int(parts[0]), month: Int(parts[1]), day: Int(parts[2]))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        // A date that does not round-trip (2025-02-30) is not a day of the calendar.
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date) == components
        else {
            throw UsageError(
                "--resolve-as-of takes a day as YYYY-MM-DD (such as 2025-02-20), release (the release's upload"
                    + " day) or today, not '\(text)'")
        }
        return text
    }
}
