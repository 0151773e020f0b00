/// One option as `--help` describes it: its name, the value it takes, and what it does.
package struct OptionHelp: Sendable {
    /// The option, e.g. `--requests`.
    package let name: String
    /// What its value is, e.g. `N`; empty for a flag.
    package let value: String
    /// What it does, in a sentence or two (wrapped when printed).
    package let text: String

    package init(_ name: String, _ value: String, _ text: String) {
        self.name = name
        self.value = value
        self.text = text
    }

    /// `options` as `--help` prints them: the name and value, then the description wrapped from `column` on.
    package static func lines(_ options: [OptionHelp], column: Int = 24, width: Int = 102) -> [String] {
        options.flatMap { option -> [String] in
            let head = "  " + option.name + (option.value.isEmpty ? "" : " " + option.value)
            let text = wrap(option.text, width: width - column)
            let indent = String(repeating: " ", count: column)
            guard head.count < column else { return [head] + text.map { indent + $0 } }
            return text.enumerated().map { index, line in
                (index == 0 ? head.padding(toLength: column, withPad: " ", startingAt: 0) : indent) + line
            }
        }
    }

    /// `text` cut into lines of at most `width` characters, at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }
}
