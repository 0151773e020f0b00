import Foundation
import LabCore
import Glibc

/// A source tree's content, as the key of its venv: what is built from it, not what building or using it
/// leaves behind.
///
/// The key covers every regular file's relative path, executable bit and bytes, and every symlink's target,
/// in path order. Left out: version control (`.git`), byte code (`__pycache__`, `*.pyc`, `*.pyo`), build
/// output (`build/` and `dist/` at the top, `*.egg-info` anywhere), `node_modules`, tool caches (`.tox`,
/// `.nox`, `.mypy_cache`, `.pytest_cache`, `.ruff_cache`) and virtual environments (`.venv`, `venv`, and
/// any folder holding a `pyvenv.cfg`). So an edit makes a new key; building, testing or a venv inside the
/// tree does not.
///
/// ```swift
/// let key = try SourceTree.contentHash(of: "/src/litellm")  // 64 hex digits
/// ```
package enum SourceTree {
    /// Folders left out wherever they are.
    static let excludedFolders: Set<String> = [
        ".git", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    ]
    /// Folders left out at the top of the tree, where build tools write (elsewhere they may be source).
    static let excludedTopFolders: Set<String> = ["build", "dist"]

    /// The SHA-256 of the tree's content, as 64 hex digits.
    ///
    /// - Throws: ``LiteLLMBuildError/unreadable(path:reason:)`` when a folder or file cannot be read.
    package static func contentHash(of root: String) throws(LiteLLMBuildError) -> String {
        var hash = SHA256()
        for entry in try entries(of: root) {
            hash.update("\(entry.path)\0\(entry.kind)\0\(entry.size)\n")
            switch entry.kind {
            case .symlink:
                hash.update(entry.linkTarget ?? "")
            case .file, .executable:
                guard let handle = FileHandle(forReadingAtPath: root + "/" + entry.path) else {
                    throw .unreadable(path: root, reason: "cannot open \(entry.path)")
                }
                defer { try? handle.close() }
                do {
                    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                        hash.update(chunk)
                    }
                } catch {
                    throw .unreadable(
                        path: root, reason: "cannot read \(entry.path): \(error.localizedDescription)")
                }
            }
        }
        return hash.finalize()
    }

    /// One file the key covers.
    struct Entry: Equatable {
        enum Kind: String { case file, executable, symlink }
        /// Relative to the tree's root, `/`-separated.
        var path: String
        var kind: Kind
        /// Its size when listed (a file changed while being read changes the key either way).
        var size: Int64
        var linkTarget: String?
    }

    /// Every file the key covers, in path order (byte order of the UTF-8 paths, the same on every machine).
    static func entries(of root: String) throws(LiteLLMBuildError) -> [Entry] {
        var entries: [Entry] = []
        var folders = [""]
        while let folder = folders.popLast() {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)
            } catch {
                throw .unreadable(path: root, reason: error.localizedDescription)
            }
            if folder != "", names.contains("pyvenv.cfg") { continue }
            for name in names {
                let path = folder.isEmpty ? name : folder + "/" + name
                var status = stat()
                guard lstat(root + "/" + path, &status) == 0 else {
                    throw .unreadable(path: root, reason: "\(path): \(String(cString: strerror(errno)))")
                }
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    if !isExcluded(folder: name, atTop: folder.isEmpty) { folders.append(path) }
                case S_IFREG where !(name.hasSuffix(".pyc") || name.hasSuffix(".pyo")):
                    let executable = status.st_mode & S_IXUSR != 0
                    entries.append(
                        Entry(path: path, kind: executable ? .executable : .file, size: Int64(status.st_size))
                    )
                case S_IFLNK:
                    let target = try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + path)
                    entries.append(Entry(path: path, kind: .symlink, size: 0, linkTarget: target))
                default:
                    continue
                }
            }
        }
        return entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private static func isExcluded(folder name: String, atTop: Bool) -> Bool {
        excludedFolders.contains(name) || name.hasSuffix(".egg-info")
            || (atTop && excludedTopFolders.contains(name))
    }
}
