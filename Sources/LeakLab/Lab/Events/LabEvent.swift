import Foundation
import LabCore
import LabVerdict

/// One thing that happened in a lab run, as a line of `events.jsonl`: the record every reader shares.
///
/// The terminal printer, the report, the benchmark and the compose wrapper read these (or the verdict
/// files), never text meant for people. Flat on purpose: `event` says which of the optional fields are set,
/// and a reader in any language needs no schema library. Fields are only ever added (the schema version
/// changes when a meaning does).
///
/// ```json
/// {"at":1796052989.05,"event":"phase_ended","phase":"proxy_start","cell":"litellm-1.61.20","seconds":2.61}
/// ```
package struct LabEvent: Codable, Sendable, Equatable {
    /// The schema of every line, written in the `run_started` event.
    package static let schema = "leaklab.events/1"

    /// What happened.
    package enum Kind: String, Codable, Sendable {
        /// The run began: `schema`, `message` (the command).
        case runStarted = "run_started"
        /// A phase began: `phase`, `cell` when it concerns one proxy start or cell.
        case phaseStarted = "phase_started"
        /// A phase ended: `phase`, `cell`, `seconds`.
        case phaseEnded = "phase_ended"
        /// A fake backend the run started listens: `port` (loopback).
        case backendListening = "backend_listening"
        /// A process the run owns started: `process` (its name), `pid`, and `port` for a proxy (the loopback
        /// port it was started to listen on).
        case processStarted = "process_started"
        /// It ended: `process`, `pid`, `status`.
        case processStopped = "process_stopped"
        /// What installing the proxy came to: `status` `installed` or `cached`.
        case install
        /// A poll of the backend: `cell`, `held`, `seen`, `late` (relative to the baseline), or `message`
        /// when it failed.
        case sample
        /// A cell's verdict: `cell`, `verdict`, `reason`.
        case verdict
        /// What a cell's abandoned requests cost: `cell`, `cost`.
        case cost
        /// Anything else a person should read: `message`.
        case message
        /// The run ended: `exitCode`.
        case runEnded = "run_ended"
    }

    /// The steps of a proxy start, in order.
    package enum Phase: String, Codable, Sendable {
        /// Fake backends started.
        case backends
        /// The load straight at the backends.
        case directControl = "direct_control"
        /// The proxy installed (or found installed).
        case install
        /// The proxy started, until it answers its health check.
        case proxyStart = "proxy_start"
        /// One request per API through the proxy to a backend that answers at once, before measuring.
        case warmUp = "warm_up"
        /// The load through the proxy and the sampling until each cell's verdict.
        case measure
        /// Proxy and backends stopped.
        case teardown
    }

    /// When, Unix seconds.
    package var at: Double
    /// What happened.
    package var event: Kind
    /// The proxy start (`litellm-1.61.20`) or cell (`litellm-1.61.20/chat`) it concerns.
    package var cell: String?
    /// The phase, for phase events.
    package var phase: Phase?
    /// The phase's duration, seconds.
    package var seconds: Double?
    /// Text for people, or the run's command.
    package var message: String?
    /// A process's name.
    package var process: String?
    /// Its id.
    package var pid: Int32?
    /// A loopback port a server of the run listens on.
    package var port: Int?
    /// How it ended.
    package var status: String?
    /// Upstream requests held beyond the baseline.
    package var held: Int?
    /// Upstream requests received since the baseline.
    package var seen: Int?
    /// Upstream requests that started after the last hang-up.
    package var late: Int?
    /// The verdict.
    package var verdict: VerdictKind?
    /// Its reason.
    package var reason: String?
    /// The cost of a cell's abandoned requests.
    package var cost: LeakCost?
    /// The run's exit status.
    package var exitCode: Int32?
    /// The schema, in `run_started`.
    package var schema: String?

    /// An event of `kind` now; set the fields its kind uses.
    package init(_ kind: Kind, at: Double = LabClock.unixSeconds(), cell: String? = nil) {
        self.at = at
        self.event = kind
        self.cell = cell
    }
}

extension LabEvent {
    /// The command that started this process, as typed (for `run_started`).
    static func commandLine() -> String {
        ([(CommandLine.arguments.first as NSString?)?.lastPathComponent ?? "lab"]
            + CommandLine.arguments.dropFirst())
            .joined(separator: " ")
    }
}

extension LabEvent {
    /// A poll as a `sample` event of `cell`: counts relative to the baseline, or why the poll failed.
    package init(sample: StatsSample, baseline: StatsSample, cell: String) {
        self.init(.sample, at: sample.at, cell: cell)
        guard let stats = sample.stats, let before = baseline.stats else {
            message = sample.error
            return
        }
        held = stats.active - before.active
        seen = stats.started - before.started
        late = stats.startedSince
    }
}
