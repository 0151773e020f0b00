import Foundation
import LabInstalls

extension ProxyProcess {
    /// The server LiteLLM runs under and how many worker processes it starts, chosen through LiteLLM's own
    /// CLI flags (`--run_gunicorn`, `--run_hypercorn`, `--num_workers`), as an operator deploys it.
    ///
    /// ```swift
    /// let server = try ProxyProcess.Server(.gunicorn, workers: 2)
    /// try server.checkSupported(byVenvAt: venv.root, version: "1.61.20")
    /// let proxy = try ProxyProcess.startLiteLLM(..., extraArguments: server.arguments)
    /// ```
    package struct Server: Sendable, Hashable, CustomStringConvertible {
        /// The servers LiteLLM's CLI starts.
        package enum Kind: String, CaseIterable, Sendable {
            /// `uvicorn.run`, LiteLLM's default; several workers are uvicorn's own processes.
            case uvicorn
            /// gunicorn with uvicorn workers (`--run_gunicorn`), the app preloaded in the master.
            case gunicorn
            /// hypercorn (`--run_hypercorn`), in one process; not installed by LiteLLM's proxy extra.
            case hypercorn
        }

        /// Which server.
        package let kind: Kind
        /// How many worker processes serve requests (1 or more).
        package let workers: Int

        /// uvicorn with one worker: what `litellm` does without flags, and what the lab always measured.
        package static let `default` = Server(checked: .uvicorn, workers: 1)

        /// `kind` with `workers` worker processes (1 or more: the option parser's range).
        ///
        /// - Throws: ``ProxyProcessError/workersUnsupported(server:workers:)`` for hypercorn with more than one
        ///   worker: LiteLLM's `--run_hypercorn` ignores `--num_workers` and serves in one process, so a cell
        ///   labelled with more workers would measure one.
        package init(_ kind: Kind, workers: Int) throws(ProxyProcessError) {
            precondition(workers >= 1, "a server needs at least one worker")
            guard kind != .hypercorn || workers == 1 else {
                throw .workersUnsupported(server: kind.rawValue, workers: workers)
            }
            self.init(checked: kind, workers: workers)
        }

        private init(checked kind: Kind, workers: Int) {
            self.kind = kind
            self.workers = workers
        }

        /// The `litellm` arguments that start this server: none for the default.
        package var arguments: [String] {
            let flag: [String] =
                switch kind {
                case .uvicorn: []
                case .gunicorn: ["--run_gunicorn"]
                case .hypercorn: ["--run_hypercorn"]
                }
            return flag + (workers == 1 ? [] : ["--num_workers", String(workers)])
        }

        /// The flags of ``arguments`` the installed `litellm` must know.
        package var flags: [String] { arguments.filter { $0.hasPrefix("--") } }

        /// Packages the venv needs on top of LiteLLM's proxy extra (normalized names): hypercorn, which the
        /// extra does not name.
        package var extraRequirements: [String] { kind == .hypercorn ? ["hypercorn"] : [] }

        /// How labels and reports name this server, `gunicorn-w2`; nil for the default, which they leave out.
        package var label: String? { self == .default ? nil : "\(kind.rawValue)-w\(workers)" }

        /// What a proxy start's label ends with under this server: `-gunicorn-w2`, or nothing for the default.
        package var labelSuffix: String { label.map { "-" + $0 } ?? "" }

        /// `gunicorn, 2 workers`.
        package var description: String { "\(kind.rawValue), \(workers) worker\(workers == 1 ? "" : "s")" }

        /// The first of ``flags`` that LiteLLM's CLI source (`litellm/proxy/proxy_cli.py`, where its click
        /// options are declared) does not declare; nil when it declares them all.
        func missingFlag(inCLISource source: String) -> String? {
            flags.first { !source.contains("\"\($0)\"") }
        }

        /// Fails unless the LiteLLM installed in the venv at `root` knows every flag this server needs.
        ///
        /// Read from the installed `proxy_cli.py` rather than from a list of versions, so a release that adds
        /// or drops a flag is judged by what it ships.
        ///
        /// - Parameters:
        ///   - root: The venv's folder.
        ///   - version: The LiteLLM release in it, for the message.
        /// - Throws: ``ProxyProcessError/serverFlagMissing(server:flag:version:file:)``, or
        ///   ``ProxyProcessError/cliSourceUnreadable(version:venv:)`` when no `proxy_cli.py` is found.
        package func checkSupported(byVenvAt root: String, version: String) throws(ProxyProcessError) {
            guard !flags.isEmpty else { return }
            guard let file = Self.cliSource(inVenvAt: root),
                let source = try? String(contentsOfFile: file, encoding: .utf8)
            else { throw .cliSourceUnreadable(version: version, venv: root) }
            if let flag = missingFlag(inCLISource: source) {
                throw .serverFlagMissing(server: description, flag: flag, version: version, file: file)
            }
        }

        /// Checks that the LiteLLM in `image` can start this server, as ``checkSupported(byVenvAt:version:)``.
        package func checkSupported(byImage image: ContainerImage, imageDigest: String, version: String)
            throws(ProxyProcessError)
        {
            guard !flags.isEmpty else { return }
            guard let source = try? image.cliSource(imageDigest: imageDigest) else {
                throw .cliSourceUnreadable(version: version, venv: "image \(image.reference)")
            }
            if let flag = missingFlag(inCLISource: source) {
                throw .serverFlagMissing(
                    server: description, flag: flag, version: version,
                    file: "litellm/proxy/proxy_cli.py in image \(image.reference)")
            }
        }

        /// `<root>/lib/python3.X/site-packages/litellm/proxy/proxy_cli.py`, whichever Python made the venv.
        static func cliSource(inVenvAt root: String) -> String? {
            let lib = root + "/lib"
            let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []
            return pythons.sorted().map { "\(lib)/\($0)/site-packages/litellm/proxy/proxy_cli.py" }
                .first { FileManager.default.fileExists(atPath: $0) }
        }
    }
}
