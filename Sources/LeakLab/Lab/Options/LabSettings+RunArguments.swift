import LabProxies
import LabRecords

extension LabSettings {
    /// The `lab` arguments that measure `scenario` on `build` under `server` with these settings again: the
    /// command each report cell shows, and what each job of a planned matrix runs (`lab matrix --plan`).
    ///
    /// Written by ``LabOption/table``: options at their defaults are left out, and so are the options each run
    /// chooses for itself (ports, the runs folder) and an external proxy's key.
    func runArguments(build: LiteLLMBuild, scenario: Scenario, server: ProxyProcess.Server) -> [String] {
        var cell = self
        cell.load.scenario = scenario
        cell.proxy.server = server
        let rows = LabOption.table.filter { $0.carried && $0.commands.contains(.run) }
        return ["run"] + build.commandLineWords + rows.flatMap { $0.words(cell) }
    }
}
