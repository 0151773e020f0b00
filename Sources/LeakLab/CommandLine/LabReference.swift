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
                + " when every cell matched --expect; a build is a release (1.61.20, latest), a source tree (a word"
                + " with a /: ./litellm), a wheel (a word ending in .whl) or image:REF. With --plan FILE: measures"
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
                "the same scenarios and settings on two builds (each a release, a source tree, a wheel or image:REF,"
                + " as in matrix): a proof of fix (proof-of-fix.md: commands, builds, verdicts, cost, timelines); exit"
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
                + " exactly; to standard output without --out"),
        .init(
            name: "report", synopsis: "[--runs-dir DIR] [--finding SCENARIO [--setting K=V ...]]",
            summary:
                "merge every run's report.json into DIR/report/report.md (+ report.json, junit.xml, SVG timelines);"
                + " with --finding, the scenario's leak (with those settings) written up for LiteLLM's maintainers:"
                + " DIR/report/finding-SCENARIO.md (title, what happens and what should, the smallest config,"
                + " commands, releases measured and the first that leaks, packages, timeline, cost)"),
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
                "--litellm-version V|--litellm-source DIR|--litellm-wheel FILE --into DIR [--pip R ...]"
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
                + " --server's flag, a model of --litellm-config the backend cannot emulate"
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
            let head = wrap(
                "lab " + command.name + (command.synopsis.isEmpty ? "" : " " + command.synopsis), width: 93)
            lines += head.enumerated().map {
                ($0.offset == 0 ? (index == 0 ? "Usage: " : "       ") : "           ") + $0.element
            }
            lines += wrap(command.summary, width: 100 - width - 7).map {
                String(repeating: " ", count: width + 7) + $0
            }
        }
        lines += ["", options, "", "Exit status:"]
        for (status, meaning) in exitStatuses {
            lines += wrap(meaning, width: 90).enumerated().map {
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
            "\n## Options of `lab run` (most apply to matrix, bisect, compare and drift too)\n\n```\n"
            + options + "\n```\n\n## Scenarios (`lab scenarios`)\n\n| scenario | what happens |\n|---|---|\n"
        for scenario in Scenario.catalogue {
            text += "| `\(scenario.name)` | \(cell(scenario.summary)) |\n"
        }
        text += "\n## Exit statuses\n\n| status | meaning |\n|---|---|\n"
        for (status, meaning) in exitStatuses { text += "| \(status) | \(cell(meaning)) |\n" }
        return text
    }

    /// The options and what a run does, as `lab --help` shows them.
    static let options = """
        Reproduces LiteLLM issue 9178 natively: starts the fake backend, checks the harness with a direct
        control, installs the real LiteLLM proxy from PyPI into a cached venv (exactly its lock's packages),
        fires requests through it that hang up after the client timeout, and decides whether the proxy
        released its upstream requests.

          --proxy P             litellm (default), or a control from the system's packages, each with the
                                verdict its own documentation predicts for a non-streaming request:
                                nginx (PASS), nginx-ignore-client-abort (LEAK), haproxy (LEAK),
                                haproxy-abortonclose (PASS, measured: docs/servers.md), caddy (PASS),
                                caddy-flush-interval-minus-1 (LEAK)
          --target URL          a proxy the lab does not start (you wire it to a fake-backend);
                                needs --backend-url, the fake-backend's base URL; --api-key KEY for it
          --scenario NAME       what clients and backend do (default chat, the original report;
                                `lab scenarios` lists them)
          --litellm-version V   release under test (env LITELLM_VERSION; default 1.61.20; `latest` = newest)
          --litellm-source DIR  a LiteLLM source tree instead (a git checkout or an unpacked source
                                distribution), installed with its proxy extra into a venv keyed by its
                                content: an edit makes a new venv; reports name its version, git commit
                                and dirty state, and content sha256
          --litellm-wheel FILE  a LiteLLM wheel instead, keyed by its sha256
          --litellm-image REF   a LiteLLM container image instead, run as it is (docker run --network host,
                                the lab's config mounted; LAB_DOCKER names the CLI); reports name its
                                version, image ID and registry digests; in matrix and compare: image:REF
          --expect WHAT         leak or no-leak: exit 0 when the verdict matches, 1 when not, 2 inconclusive
          --server S            the server LiteLLM runs under, through its own CLI flags: uvicorn (default),
                                gunicorn (--run_gunicorn: uvicorn workers under a gunicorn master) or
                                hypercorn (--run_hypercorn; the lab installs hypercorn into the venv); a
                                release whose CLI lacks the flag is refused (exit 65)
          --workers N           worker processes (--num_workers; default 1); hypercorn runs one only
          --prefetch N          lab matrix, bisect, compare: install up to N builds at once ahead of their
                                turn while an earlier one is measured (default 2: both releases a bisect
                                may measure next; 0: each in its turn)
          --versions-at-once N  lab matrix, compare: measure N builds at once (default 1), each proxy on a
                                port the lab chooses; their measurements share the machine's cores, so
                                on a small machine more at once is not faster (docs/benchmarks.md)
          --servers LIST        lab matrix: servers as rows, each SERVER or SERVER:WORKERS, e.g.
                                uvicorn,gunicorn:2,hypercorn (workers default to --workers); rows are
                                labelled 1.61.20-gunicorn-w2
          --setting K=V         LiteLLM config key, repeatable, e.g. general_settings.cancel_on_disconnect=true
          --lock FILE           install exactly this lock (`lab lock` writes one), resolving nothing. Without
                                it a release uses its committed lock (locks/litellm-V.txt) when no --pip,
                                --resolve-as-of or --constraints is given; else the lab resolves with uv
                                (as of the committed lock's day, else today) and keeps that lock. Every
                                run folder has lock.txt and pip-freeze.txt; reports name the lock
          --pip REQ             override a dependency, repeatable, e.g. 'uvicorn==0.32.1': REQ wins over
                                LiteLLM's metadata even where it forbids it (uv --override); the run's
                                install-record.json lists the declared constraints it breaks
          --resolve-as-of D     resolve dependencies as published by the end of day D (YYYY-MM-DD, UTC),
                                release (the day the release was uploaded, read from the index) or today
          --constraints FILE    a pip constraints file the resolution must respect
          --litellm-config FILE your own LiteLLM config.yaml: kept whole (LiteLLM reads it by its own rules),
                                every model routed to the fake backend in its provider's format (OpenAI-
                                compatible and anthropic/), secrets and os.environ/ references masked in the
                                copy LiteLLM reads and the run keeps; not with the router scenarios
          --model NAME          the model of --litellm-config the load asks for (default its first)
          --requests N          concurrent requests (default 10)
          --timeout SECONDS     client timeout (default 1)
          --grace SECONDS       time allowed for releasing upstream requests (default 3)
          --settle SECONDS      after the release, how long nothing may be held or start again before PASS
                                (default 2: long enough to see LiteLLM's router retry at once)
          --observe SECONDS     keep measuring this long after the grace window: the whole life of a leak
          --slots N             the fake backend models a server with N slots: at most N requests are
                                served at once, the rest wait (a hang-up frees a slot, as on a model
                                server). After the verdict, at the end of the grace window, a slot probe
                                (one request as a new user sends it) goes through the proxy: the report
                                says how long it waited for a slot, or that it was refused. Cost evidence
                                only: the verdict does not change
          --queue-limit M       with --slots: at most M requests wait; one more is refused with 503
                                (default: no limit)
          --probe-patience S    with --slots: how long the slot probe waits before it gives up (default 5)
          --backend-port N      fake backend port on 127.0.0.1 (default 5001; 0: any free one)
          --proxy-port N        LiteLLM port on 127.0.0.1 (default 4000; 0: the lab chooses a free one)
          --repeat N            measure the direct control and the proxy N times each; the verdict stands
                                only if all N agree, else INCONCLUSIVE (make soak uses this)
          --runs-dir DIR        where run folders go (default lab-runs)
        """

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

    /// `text` safe in a Markdown table cell.
    private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
