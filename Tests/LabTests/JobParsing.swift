@testable import LeakLab

/// `lab COMMAND WORDS...` read as the lab reads it, every word used.
func parseJob(_ command: String, _ words: [String], environment: [String: String] = [:]) throws -> LabJob {
    var options = CommandOptions(words, environment: environment)
    let job = try LabJob.parse(command, &options)
    try options.finish()
    return job
}
