import Foundation

extension LabSettings {
    /// Where a run happens on this machine: its ports, its folder, and how much it does at once.
    public struct Machine: Sendable {
        /// Loopback port of the fake backend (default 5001); 0 binds any free one.
        public var backendPort = 5001
        /// Loopback port of the LiteLLM proxy (default 4000); 0 lets the lab choose a free one, and another when
        /// the proxy finds it taken.
        public var proxyPort = 4000
        /// Where run folders go (default `lab-runs`).
        public var runsRoot = "lab-runs"
        /// How many builds a matrix, bisect or comparison installs ahead at once while it measures an earlier
        /// one (`--prefetch`, default 2); 0 installs each in its turn. A bisect whose rounds take every core
        /// installs none ahead.
        public var installsAhead = 2
        /// How many builds a matrix or comparison measures at once (`--versions-at-once`), each proxy on a port
        /// the lab chooses when there are several; the measurements through them share the machine's cores. By
        /// default one per core, up to 4: a LiteLLM proxy is one Python process, which keeps one core busy at
        /// most, and between its start and its verdicts mostly waits.
        public var versionsAtOnce = min(ProcessInfo.processInfo.activeProcessorCount, 4)

        /// The defaults.
        public init() {}
    }
}
