import Foundation
import LabCore
import LabInstalls
import LabProcesses

/// One route the proxy's own application serves, as ``PythonScript/routeCensus`` read it in the proxy's venv.
struct ProxyRoute: Codable, Sendable, Equatable {
    /// The path as the application declares it, e.g. `/v1/chat/completions` or `/vertex_ai/{endpoint:path}`.
    let path: String
    /// Its HTTP methods; none for a websocket.
    let methods: [String]
    /// `http` or `websocket`.
    let kind: String
    /// The handler, `module.function`.
    let handler: String
    /// What in the handler's source sends a request upstream (`base_process_llm_request`, a router call, a
    /// pass-through), or nil when it sends none.
    let upstreamCall: String?
    /// The variables of the proxy's environment its handler names for an upstream's base URL
    /// (`COHERE_API_BASE`); required, so that a census kept from before they were read is read again.
    let baseVariables: [String]
    /// The hosts its handler names outright (`https://api.cohere.com`): hard-wired when it names no variable.
    let hosts: [String]

    /// `POST /v1/chat/completions`, or `websocket /v1/realtime`.
    var name: String {
        (kind == "websocket" ? "websocket" : methods.filter { $0 != "HEAD" }.joined(separator: ",")) + " "
            + path
    }

    /// The routes of the proxy in the venv at `venv`, read once per version of the census program and kept in
    /// the venv (`route-census-<its sha256>.json`): a venv's packages never change, the program's reading may.
    static func census(venv: String, log: String) throws -> [ProxyRoute] {
        var program = SHA256()
        program.update(PythonScript.routeCensus.text)
        let kept = venv + "/route-census-\(program.finalize().prefix(12)).json"
        if let routes = try? JSONCoding.read([ProxyRoute].self, from: kept) { return routes }
        let routes = try census(python: venv + "/bin/python", log: log)
        try? JSONCoding.write(routes, to: kept)
        return routes
    }

    /// The routes of the proxy in the venv whose Python is `python`, read by its own application.
    ///
    /// - Throws: ``CommandFailure`` when the proxy's application cannot be read (its log says why).
    static func census(python: String, log: String) throws -> [ProxyRoute] {
        var spec = ChildProcess.Spec(python, ["-c", PythonScript.routeCensus.text], log: .file(log))
        spec.timeLimit = .seconds(300)
        let (status, stdout) = try ChildProcess.output(spec)
        guard status == .exited(0), let line = stdout.split(separator: "\n").last,
            let routes = try? JSONCoding.decode([ProxyRoute].self, from: Data(line.utf8))
        else {
            throw CommandFailure(
                "reading the proxy's routes failed (\(status)): see \(log)",
                exitCode: CommandFailure.softwareExitCode)
        }
        return routes
    }
}
