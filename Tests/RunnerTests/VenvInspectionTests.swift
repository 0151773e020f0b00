import Foundation
@testable import LabInstalls
@testable import LabProcesses
import Testing

/// The inspection script, run by this machine's `python3` over distributions made up for the test.
@Suite struct VenvInspectionTests {
    private func distribution(_ name: String, _ version: String, requires: [String] = [], in folder: String)
        throws
    {
        let info = "\(folder)/\(name)-\(version).dist-info"
        try FileManager.default.createDirectory(atPath: info, withIntermediateDirectories: true)
        let metadata =
            "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n"
            + requires.map { "Requires-Dist: \($0)\n" }.joined()
        try metadata.write(toFile: info + "/METADATA", atomically: true, encoding: .utf8)
    }

    @Test func listsRequirementsOfTheProxyExtraThatTheInstalledVersionsBreak() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try distribution(
            "litellm", "1.61.20",
            requires: [
                "uvicorn<0.30.0,>=0.29.0 ; extra == \"proxy\"", "zzlab-other>=1 ; extra == \"other\"",
                "zzlab-base>=2", "zzlab-ok>=1",
            ], in: scratch.path)
        try distribution("uvicorn", "0.32.1", in: scratch.path)
        try distribution("zzlab_ok", "1.5", in: scratch.path)
        let environment = ProcessInfo.processInfo.environment.merging(["PYTHONPATH": scratch.path]) { $1 }

        let result = try ChildProcess.output(
            .init("python3", ["-c", PythonScript.venvInspection.text], environment: environment))
        #expect(result.status.isSuccess)
        let inspection = try VenvInspection(scriptOutput: result.stdout)
        #expect(inspection.freeze.contains("litellm==1.61.20"))
        #expect(inspection.freeze.contains("uvicorn==0.32.1"))
        #expect(
            inspection.broken?.filter { $0.package == "litellm" }.map(\.description) == [
                "litellm 1.61.20 requires uvicorn<0.30.0,>=0.29.0 (extra proxy); installed 0.32.1",
                "litellm 1.61.20 requires zzlab-base>=2; not installed",
            ])
    }

    @Test func saysWhenTheRequirementsCouldNotBeChecked() throws {
        let inspection = try VenvInspection(
            scriptOutput: #"{"freeze": ["litellm==1.61.20"], "unchecked": "could not check: no packaging"}"#)
        #expect(inspection.broken == nil)
        #expect(inspection.uncheckedReason == "could not check: no packaging")
        #expect(inspection.freezeText == "litellm==1.61.20\n")
    }
}
