// swift-tools-version: 6.0
// The lab has no package dependencies by design: everything here is the toolchain's.
import PackageDescription

let package = Package(
    name: "litellm-leak-lab",
    products: [
        .library(name: "LeakLab", targets: ["LeakLab"]),
        .executable(name: "fake-backend", targets: ["fake-backend"]),
        .executable(name: "load-client", targets: ["load-client"]),
        .executable(name: "collector", targets: ["collector"]),
        .executable(name: "lab", targets: ["lab"]),
        .executable(name: "lab-bench", targets: ["lab-bench"]),
    ],
    targets: [
        .systemLibrary(name: "CLinuxEvents"),
        .target(name: "LeakLab", dependencies: ["CLinuxEvents"]),
        .executableTarget(name: "fake-backend", dependencies: ["LeakLab"]),
        .executableTarget(name: "load-client", dependencies: ["LeakLab"]),
        .executableTarget(name: "collector", dependencies: ["LeakLab"]),
        .executableTarget(name: "lab", dependencies: ["LeakLab"]),
        .executableTarget(name: "lab-bench", dependencies: ["LeakLab"]),
        .target(name: "LabTestSupport", dependencies: ["LeakLab"], path: "Tests/LabTestSupport"),
        .testTarget(name: "WireTests", dependencies: ["LeakLab", "LabTestSupport"]),
        .testTarget(name: "EventLoopTests", dependencies: ["LeakLab", "LabTestSupport"]),
        .testTarget(name: "BackendTests", dependencies: ["LeakLab", "LabTestSupport"]),
        .testTarget(name: "LoadTests", dependencies: ["LeakLab", "LabTestSupport"]),
        .testTarget(name: "CollectorTests", dependencies: ["LeakLab", "LabTestSupport"]),
        .testTarget(name: "RunnerTests", dependencies: ["LeakLab"]),
        .testTarget(name: "LabTests", dependencies: ["LeakLab"]),
        .testTarget(name: "BenchTests", dependencies: ["LeakLab"]),
        .testTarget(name: "ReportTests", dependencies: ["LeakLab"], exclude: ["Golden"]),
        .testTarget(name: "EndToEndTests", dependencies: ["LeakLab", "LabTestSupport"]),
        .testTarget(name: "RobustnessTests", dependencies: ["LeakLab", "LabTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
