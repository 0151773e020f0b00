import LabVerdict

/// What to measure: every proxy × every scenario, with one set of settings. `lab run` is a plan of one cell,
/// `lab matrix` a grid, and `lab bisect` a search that feeds plans of one release at a time.
struct ExperimentPlan: Sendable {
    /// The proxies, each started once for every scenario.
    var proxies: [any ProxyUnderTest]
    /// The scenarios each proxy is measured in.
    var scenarios: [Scenario]
    /// How the cells' files are laid out.
    var layout: Layout

    /// Where a plan's files go.
    enum Layout: Sendable {
        /// One cell, as `lab run` always had it: plain names (`verdict.json`, `backend.log`) straight in
        /// the run folder, the backend on `--backend-port`, timelines on the terminal.
        case cell
        /// A folder per proxy start with per-scenario names (`verdict-chat.json`), backends on free ports,
        /// timelines in files.
        case grid
    }
}

/// One cell's outcome: the verdict report of the load through the proxy, and its direct control's.
struct CellResult: Sendable {
    /// The proxy's label, e.g. `litellm-1.61.20`.
    let proxy: String
    /// The scenario.
    let scenario: Scenario
    /// The verdict through the proxy, with every figure behind it.
    var report: VerdictReport
    /// The direct control's verdict.
    let direct: VerdictReport
    /// The folder holding this cell's files.
    let folder: RunFolder

    /// `litellm-1.61.20/chat`: how events name the cell.
    var label: String { "\(proxy)/\(scenario.name)" }
}
