import Foundation

/// The running program's own file.
package enum OwnExecutable {
    /// The absolute path of the running executable: the kernel's `/proc/self/exe`, not `argv[0]`, which is only
    /// the name the shell found on `PATH` when the program was started by name.
    package static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
    }
}
