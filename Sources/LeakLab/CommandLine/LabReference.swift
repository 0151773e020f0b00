import Foundation
import LabCore

/// What `lab --help` prints and `docs/reference.md` holds, made from one table of subcommands and one of exit
/// statuses, so the command's help and the documentation cannot say different things (`lab reference`
/// writes the page; a test checks the committed one).
public enum LabReference {
    /// One subcommand: its synopsis (after `lab `) and what it does.
    public struct Subcommand: Sendable {
        /// The word after `lab`.
        public let name: String
        /// Its options, as typed after the name.
        public let synopsis: String
        /// What it does, in a few sentences.
        public let summary: String
    }

    /// Every subcommand, in the order the help lists them.
    public static let subcommands: [Subcommand] = [
        .init(
            name: "run", synopsis: "[options]",
            summary: "one proxy, one scenario: the reproduction (the options below)"),
        .init(name: "scenarios", synopsis: "", summary: "list the scenarios, one line each"),
        .init(
            name: "matrix",
            synopsis: "--versions B1,B2,... [--servers S1,S2:N,...] [--scenarios all|A,B] [run options]",
            summary:
                "every build × server × scenario, one proxy start per build and server; prints a verdict table; exit 0"
                + " when every cell matched --expect; a build is a release (1.61.20, latest), a release with a patch"
                + " (V+FILE: 1.110.2+fix.diff, no / before the +), a source tree (a word with a /: ./litellm), a wheel"
                + " (a word ending in .whl) or image:REF. --servers: rows of servers, each"
                + " SERVER or SERVER:WORKERS (workers default to --workers), labelled 1.61.20-gunicorn-w2. With --plan FILE: measures"
                + " nothing, writes each cell as the `lab run` arguments that measure it ({\"include\": [{\"id\","
                + " \"name\", \"arguments\"}]}, a GitHub Actions matrix; at most 256)"),
        .init(
            name: "bisect", synopsis: "--good V --bad V [--scenario S] [--setting K=V ...]",
            summary:
                "binary search over PyPI releases for the first whose verdict differs (refused and uninstallable"
                + " releases skipped, and said)"),
        .init(
            name: "compare", synopsis: "--before B --after B [--scenarios all|A,B] [--setting K=V ...]",
            summary:
                "the same scenarios and settings on two builds (each a release, a release with a patch V+FILE, a"
                + " source tree, a wheel or image:REF, as in matrix): a proof of fix (proof-of-fix.md: commands, builds, verdicts, cost, timelines); exit"
                + " 0 when nothing got worse and something went LEAK → PASS"),
        .init(
            name: "drift",
            synopsis: "[--litellm-version V] [--scenarios all|A,B] [--against today|release|DAY]",
            summary:
                "the same build and scenarios under its lock and under another resolution (default today), side by"
                + " side: which verdicts changed and which packages moved (drift.md); exit 0 when no verdict changed,"
                + " 1 when one did"),
        .init(
            name: "lock",
            synopsis:
                "--litellm-version V|--litellm-source DIR|--litellm-wheel FILE [--pip R ...] [--resolve-as-of D]"
                + " [--constraints F] [--out FILE]",
            summary:
                "write the full resolution (every package == its version, with hashes) that --lock FILE installs"
                + " exactly; to standard output without --out (--patch is refused: a patched release installs the"
                + " release's own lock)"),
        .init(
            name: "routes",
            synopsis: "[--litellm-version V|--litellm-source DIR|--litellm-wheel FILE] [--pip R ...] [--all]",
            summary:
                "the census of a build's routes, read from the installed proxy's own application: which a scenario"
                + " measures (or shares a measured route's handler), which send a request upstream but are not"
                + " measured (with why), and how many send nothing upstream (--all lists those too);"
                + " ends with `upstream routes measured: N of M`"),
        .init(
            name: "report",
            synopsis:
                "[--runs-dir DIR] [--every-run] [--finding SCENARIO[,SCENARIO...] [--setting K=V ...] [--out FILE]]",
            summary:
                "merge every run's report.json into DIR/report/report.md (+ report.json, junit.xml, SVG timelines);"
                + " a cell measured again keeps its newest run, or with --every-run all of them (a soak: each"
                + " verdict with how many runs had it, and whether they agree);"
                + " with --finding, the scenario's leak (with those settings) written up for LiteLLM's maintainers:"
                + " DIR/report/finding-SCENARIO.md or FILE (title, what happens and what should, the smallest config,"
                + " commands, releases measured and the first that leaks, packages, timeline, cost). Several"
                + " scenarios (one cause): one write-up, every route in one table (verdict per release, first"
                + " release that leaks, cost), one config, one set of commands, the locks"
                + " (DIR/report/finding-A+B.md). Exit 65 when nothing leaked, or when the newest release measured"
                + " passes (on every route that leaked): a record titled \"Fixed in ...\", not for filing"),
        .init(
            name: "litellm-config",
            synopsis: "--backend-url URL [--scenario S] [--setting K=V ...] [--timeout S]",
            summary: "print the LiteLLM config the lab gives the proxy for scenario S, its backend at URL"),
        .init(
            name: "compose-plan", synopsis: "--out DIR [run options]",
            summary:
                "what compose's services run for these options and those of LAB_ARGS (split as a shell splits words,"
                + " nothing expanded; compose.yaml's plan service runs it):"
                + " DIR/litellm-config.yaml, one DIR/SERVICE.args per service (read as `fake-backend @FILE`), and"
                + " DIR/compose-plan.json; options compose cannot honour are refused"),
        .init(
            name: "compose-report", synopsis: "--run DIR --litellm-image REF [--exit-code N]",
            summary:
                "after a compose run: report.json and junit.xml (the build named by the proxy's image), its"
                + " pip-freeze.txt and lock.txt, run_ended in events.jsonl"),
        .init(
            name: "install-litellm",
            synopsis:
                "--litellm-version V [--patch FILE]|--litellm-source DIR|--litellm-wheel FILE --into DIR [--pip R ...]"
                + " [--resolve-as-of D] [--lock FILE]",
            summary:
                "install LiteLLM into DIR by the lab's rules (the image build's installer); DIR/pip-freeze.txt,"
                + " DIR/lock.txt, DIR/install-record.json"),
        .init(
            name: "reference", synopsis: "",
            summary: "print this reference as Markdown: docs/reference.md is its output"),
    ]

    /// Every exit status a `lab` command ends with, and what it means.
    public static let exitStatuses: [(status: Int32, meaning: String)] = [
        (0, "PASS (with --expect: the verdict matched)"),
        (1, "LEAK (with --expect: it did not match)"),
        (2, "INCONCLUSIVE: the lab could not observe enough, and says why"),
        (
            3,
            "NOT SERVED: the proxy answered 404 or 405 itself and sent nothing upstream (the release does not have"
                + " the scenario's route; a matrix counts it as no mismatch)"
        ),
        (
            UsageError.exitCode,
            "bad options (a missing path, not a source tree, not a wheel, a lock of another build)"
        ),
        (
            CommandFailure.refusedExitCode,
            "refused input: LiteLLM 1.82.7 and 1.82.8 (a supply-chain compromise), a release whose CLI lacks the"
                + " --server's flag, a model of --litellm-config the backend cannot emulate, a --patch that does not"
                + " apply to the release's files"
        ),
        (
            CommandFailure.unavailableExitCode,
            "busy port or missing tool (or git cannot read a checkout); for lab lock and install-litellm, an"
                + " uninstallable requirement (a measuring command gives such a build INCONCLUSIVE cells instead)"
        ),
        (CommandFailure.softwareExitCode, "other failures"),
        (130, "interrupted (143 on SIGTERM)"),
    ]

    /// What `lab --help` prints.
    public static var usage: String {
        let width = 22
        var lines: [String] = []
        for (index, command) in subcommands.enumerated() {
            let head = OptionHelp.wrap(
                "lab " + command.name + (command.synopsis.isEmpty ? "" : " " + command.synopsis), width: 93)
            lines += head.enumerated().map {
                ($0.offset == 0 ? (index == 0 ? "Usage: " : "       ") : "           ") + $0.element
            }
            lines += OptionHelp.wrap(command.summary, width: 100 - width - 7).map {
                String(repeating: " ", count: width + 7) + $0
            }
        }
        lines += ["", options, "", "Exit status:"]
        for (status, meaning) in exitStatuses {
            lines += OptionHelp.wrap(meaning, width: 90).enumerated().map {
                ($0.offset == 0
                    ? "  " + "\(status)".padding(toLength: 6, withPad: " ", startingAt: 0) : "        ")
                    + $0.element
            }
        }
        return (lines + ["The last line printed is `VERDICT: <kind> <reason>`."]).joined(separator: "\n")
    }

    /// `docs/reference.md`: the subcommands, the options of `lab run`, the scenarios and the exit statuses.
    public static var markdown: String {
        var text = """
            # Reference

            Generated from the code by `lab reference > docs/reference.md`; a test checks that this page is its \
            output. `lab --help` prints the same.

            ## Subcommands

            | command | what it does |
            |---|---|

            """
        for command in subcommands {
            let synopsis = "lab " + command.name + (command.synopsis.isEmpty ? "" : " " + command.synopsis)
            text += "| `\(cell(synopsis))` | \(cell(command.summary)) |\n"
        }
        text +=
            "\n## Options of `lab run`, `matrix`, `bisect`, `compare` and `drift`\n\n```\n"
            + options + "\n```\n\n## Scenarios (`lab scenarios`)\n\n| scenario | what happens |\n|---|---|\n"
        for scenario in Scenario.catalogue {
            text += "| `\(scenario.name)` | \(cell(scenario.summary)) |\n"
        }
        text += "\n## Exit statuses\n\n| status | meaning |\n|---|---|\n"
        for (status, meaning) in exitStatuses { text += "| \(status) | \(cell(meaning)) |\n" }
        return text
    }

    /// What a run does and its options (from ``LabOption/table``), as `lab --help` shows them.
    static var options: String {
        """
        Reproduces LiteLLM issue 9178 natively: starts the fake backend, checks the harness with a direct
        control, installs the real LiteLLM proxy from PyPI into a cached venv (exactly its lock's packages),
        fires requests through it that hang up after the client timeout, and decides whether the proxy
        released its upstream requests. Options in [brackets] are taken only by the commands named there.

        """ + LabOption.helpLines.joined(separator: "\n")
    }

    /// `text` safe in a Markdown table cell.
    private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
