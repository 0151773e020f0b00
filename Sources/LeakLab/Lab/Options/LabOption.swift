/// One row of the option table: the options it reads (with their help), which commands take them, how they are
/// read into ``LabSettings`` and written back as words, and whether the compose runtime can honour them.
///
/// Parsing (``LabSettings/read(_:for:)``), a cell's command line (``LabSettings/runArguments(build:scenario:server:)``),
/// `lab --help`, `docs/reference.md` and compose's refusals are all made from ``table``: an option is declared
/// once. Options that are checked together (a build's four kinds, a server and its workers) share a row.
package struct LabOption: Sendable {
    /// The commands that read a row's options.
    package enum Command: String, CaseIterable, Sendable {
        case run, matrix, bisect, compare, drift
    }

    /// What `--help` says of each option of the row.
    let help: [OptionHelp]
    /// The commands that take them.
    let commands: Set<Command>
    /// Whether a cell's `lab run` command line carries them (a report's "measure again", a planned matrix's
    /// jobs); ports and folders are each run's own, and a build is written as the cell's resolved build.
    let carried: Bool
    /// Reads the row's options into the settings, or says what was wrong.
    let read: @Sendable (inout CommandOptions, inout LabSettings) throws(UsageError) -> Void
    /// The words that read back to the settings' values: none for values at their defaults.
    let words: @Sendable (LabSettings) -> [String]
    /// Why the compose runtime cannot measure these settings, or nil when it can.
    let composeRefusal: @Sendable (LabSettings) -> String?

    /// A row; `nativeOnly` refuses compose whenever the row's options differ from their defaults.
    init(
        _ help: [OptionHelp], for commands: Set<Command>, carried: Bool = true, nativeOnly: String? = nil,
        read: @escaping @Sendable (inout CommandOptions, inout LabSettings) throws(UsageError) -> Void,
        words: @escaping @Sendable (LabSettings) -> [String],
        composeRefusal: (@Sendable (LabSettings) -> String?)? = nil
    ) {
        self.help = help
        self.commands = commands
        self.carried = carried
        self.read = read
        self.words = words
        self.composeRefusal =
            composeRefusal ?? { settings in words(settings).isEmpty ? nil : nativeOnly }
    }

    /// The commands that measure: each takes the options that shape a measurement.
    static let measuring: Set<Command> = [.run, .matrix, .bisect, .compare, .drift]
    /// The commands that measure several builds.
    static let searching: Set<Command> = [.matrix, .bisect, .compare, .drift]

    /// Every option of the lab's measuring commands, in the order `--help` lists them.
    static let table: [LabOption] = loadOptions + proxyOptions + judgingOptions + machineOptions
}

extension LabOption {
    /// A row of one whole-number option at `path`, written back unless it is at its default.
    static func integer(
        _ help: OptionHelp, for commands: Set<Command>, carried: Bool = true, nativeOnly: String? = nil,
        _ path: WritableKeyPath<LabSettings, Int> & Sendable, in range: ClosedRange<Int>
    ) -> LabOption {
        single(
            help, for: commands, carried: carried, nativeOnly: nativeOnly, path,
            read: { options, name, standard throws(UsageError) in
                try options.integer(name, default: standard, in: range)
            }, render: { String($0) })
    }

    /// A row of one option of seconds at `path`, written back unless it is at its default.
    static func seconds(
        _ help: OptionHelp, for commands: Set<Command>,
        _ path: WritableKeyPath<LabSettings, Duration> & Sendable,
        in range: ClosedRange<Double>
    ) -> LabOption {
        single(
            help, for: commands, path,
            read: { options, name, standard throws(UsageError) in
                try options.seconds(name, default: standard, in: range)
            }, render: OptionWords.seconds)
    }

    /// A row of one option at `path`: `read` takes its value (the current one when it is not given), `render`
    /// writes it back, unless it is at its default.
    private static func single<Value: Equatable & Sendable>(
        _ help: OptionHelp, for commands: Set<Command>, carried: Bool = true, nativeOnly: String? = nil,
        _ path: WritableKeyPath<LabSettings, Value> & Sendable,
        read: @escaping @Sendable (inout CommandOptions, String, Value) throws(UsageError) -> Value,
        render: @escaping @Sendable (Value) -> String
    ) -> LabOption {
        LabOption(
            [help], for: commands, carried: carried, nativeOnly: nativeOnly,
            read: { options, settings throws(UsageError) in
                settings[keyPath: path] = try read(&options, help.name, settings[keyPath: path])
            },
            words: { settings in
                let value = settings[keyPath: path]
                return value == LabSettings()[keyPath: path] ? [] : [help.name, render(value)]
            })
    }
}

extension LabOption {
    /// The help lines of the table's options, each followed by the commands that take it where not every
    /// measuring command does.
    static var helpLines: [String] {
        OptionHelp.lines(
            table.flatMap { row in
                row.help.map { option in
                    guard !row.commands.isSuperset(of: measuring) else { return option }
                    let names = Command.allCases.filter(row.commands.contains).map(\.rawValue)
                    return OptionHelp(
                        option.name, option.value, option.text + " [\(names.joined(separator: ", "))]")
                }
            })
    }
}
