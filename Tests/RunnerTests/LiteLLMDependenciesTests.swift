import Foundation
@testable import LabRecords
@testable import LeakLab
import Testing

@Suite struct LiteLLMDependenciesTests {
    @Test func acceptsOnlyRealCalendarDays() throws {
        #expect(try LiteLLMDependencies.validatedDate("2025-02-20") == "2025-02-20")
        #expect(try LiteLLMDependencies.validatedDate("2024-02-29") == "2024-02-29")
        #expect(try LiteLLMDependencies.validatedDate("release") == "release")
        #expect(try LiteLLMDependencies.validatedDate("today") == "today")
        for bad in ["2025-02-30", "2025-2-20", "20250220", "yesterday", "2025-13-01", "", "2025-02-20T00:00"]
        {
            #expect {
                try LiteLLMDependencies.validatedDate(bad)
            } throws: { error in
                "\(error)"
                    == "--resolve-as-of takes a day as YYYY-MM-DD (such as 2025-02-20), release (the release's"
                    + " upload day) or today, not '\(bad)'"
            }
        }
    }

    @Test func aDayCountsUntilTheStartOfTheNextInUTC() {
        #expect(LiteLLMDependencies.dayAfter("2026-11-25") == "2026-11-26T00:00:00Z")
        #expect(LiteLLMDependencies.dayAfter("2024-02-28") == "2024-02-29T00:00:00Z")
        #expect(LiteLLMDependencies.dayAfter("2025-12-31") == "2026-01-01T00:00:00Z")
        #expect(LiteLLMDependencies.day(of: Date(timeIntervalSince1970: 1_740_689_717)) == "2025-02-27")
    }

    @Test func keepsOverridesInOneOrderAndNamesWhatTheyReplace() {
        let dependencies = LiteLLMDependencies(overrides: [
            "uvicorn==0.32.1", "H11==0.14.0", "uvicorn==0.32.1",
        ])
        #expect(dependencies.overrides == ["H11==0.14.0", "uvicorn==0.32.1"])
        #expect(dependencies.overriddenPackages == ["h11", "uvicorn"])
    }

    @Test func listsTheServersAndEveryOverriddenPackageAmongTheKeyPackages() {
        let freeze = "litellm==1.61.20\nuvicorn==0.32.1\nh11==0.14.0\ngranian==2.0\nzipp==3.0\n"
        #expect(
            LiteLLMDependencies.keyPackages(inFreeze: freeze, overriding: ["h11==0.14.0"]) == [
                "litellm": "1.61.20", "uvicorn": "0.32.1", "granian": "2.0", "h11": "0.14.0",
            ])
        #expect(LiteLLMDependencies.keyPackages(overriding: ["h11==0.14.0"]).last == "h11")
    }
}
