import LabCore
import LabEventLoop
import LeakLab

@main
struct LabCommand {
    static func main() {
        CommandMain.run("lab", usage: LabReference.usage) { options in
            let command = try options.subcommand(
                default: "run", allowed: Set(LabReference.subcommands.map(\.name)))
            let output = LineWriter.standardOutput(timestamps: false)
            switch command {
            case "scenarios":
                try options.finish()
                output.write(Scenario.listing)
                return 0
            case "reference":
                try options.finish()
                print(LabReference.markdown, terminator: "")
                return 0
            case "install-litellm":
                return try LabInstall.run(&options, output: output)
            case "lock":
                return try LabLock.run(&options, output: output)
            case "routes":
                return try LabRoutes.run(&options, output: output)
            case "litellm-config":
                return try LabLiteLLMConfig.run(&options, output: output)
            case "compose-plan":
                return try LabComposePlan.run(&options, output: output)
            case "compose-report":
                return try LabComposeReport.run(&options, output: output)
            case "report":
                let runs = try options.string("--runs-dir") ?? LabSettings().machine.runsRoot
                if let scenario = try options.string("--finding") {
                    return try LabReportCommand.finding(scenario, &options, runsRoot: runs, output: output)
                }
                let everyRun = options.flag("--every-run")
                try options.finish()
                return try LabReportCommand.run(runsRoot: runs, everyRun: everyRun, output: output)
            default:
                let job = try LabJob.parse(command, &options)
                try options.finish()
                let interruption = LabInterruption { output.write($0) }
                SignalTrap.install { interruption.interrupt(signal: $0) }
                return try interruption.exitStatus { try job.run(output: output, interruption: interruption) }
            }
        }
    }
}
