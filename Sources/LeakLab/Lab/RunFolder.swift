import Foundation
import LabCore

/// The folder one lab run writes everything into: `lab-runs/<UTC time>-<label>/`.
public struct RunFolder: Sendable {
    /// The folder's path.
    public let path: String

    /// Creates a new, uniquely named folder under `root`; its path is absolute, since tools such as nginx
    /// read relative paths from their own prefix, not from the lab's directory. Unique also when proxy starts
    /// of one label are given folders at once (a drift's two starts of one build): each takes the name it made.
    public static func create(under root: String, label: String) throws -> RunFolder {
        let root = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let stamp = LabClock.iso8601(LabClock.unixSeconds()).replacingOccurrences(of: ":", with: "").prefix(
            17)
        let base = "\(root)/\(stamp)-\(label)"
        var suffix = 1
        while true {
            let path = suffix == 1 ? base : "\(base)-\(suffix)"
            if mkdir(path, 0o755) == 0 { return RunFolder(path: path) }
            guard errno == EEXIST else {
                throw CocoaError(
                    .fileWriteUnknown,
                    userInfo: [
                        NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno)),
                    ])
            }
            suffix += 1
        }
    }

    /// Points `latest` beside the folder at it, once its run has ended with a verdict or a recorded
    /// interruption (scripts read `lab-runs/latest/verdict.json`); a new link is renamed over the old, so
    /// readers never miss it.
    func markLatest() {
        let link = (path as NSString).deletingLastPathComponent + "/latest"
        let staging = "\(link).\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        guard
            (try? FileManager.default.createSymbolicLink(
                atPath: staging, withDestinationPath: (path as NSString).lastPathComponent)) != nil
        else { return }
        if rename(staging, link) != 0 { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { "\(path)/\(name)" }
}
