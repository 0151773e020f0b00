@testable import LabBenchmarks
import Testing

@Suite struct ProcessUsageParsingTests {
    static let status = """
        Name:\tfake-backend
        VmPeak:\t  300000 kB
        VmHWM:\t   20480 kB
        VmRSS:\t   10240 kB
        RssAnon:\t    2048 kB
        RssFile:\t    8192 kB
        Threads:\t2

        """

    @Test func readsResidentAndPeakMemoryInBytes() throws {
        let memory = try #require(ProcessUsage.parseMemory(status: Self.status))
        #expect(memory.resident == 10_485_760)
        #expect(memory.peak == 20_971_520)
        #expect(memory.anonymous == 2_097_152)
    }

    @Test func aZombieWithoutMemoryLinesHasNoMemory() {
        #expect(ProcessUsage.parseMemory(status: "Name:\tcurl\nState:\tZ (zombie)\n") == nil)
    }

    @Test func cpuTicksAreCountedAfterACommandNameWithSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        let stat = "4242 (odd (name) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 37 5 0 0 20 0 1 0"
        #expect(ProcessUsage.parseCPUTicks(stat: stat) == 42)
    }

    @Test func truncatedStatHasNoCPUTicks() {
        #expect(ProcessUsage.parseCPUTicks(stat: "4242 (curl) S 1 2 3") == nil)
    }

    @Test func schedstatGivesNanosecondsOnTheCPU() {
        #expect(ProcessUsage.parseSchedstat("942160 1200 7\n") == 942_160)
        #expect(ProcessUsage.parseSchedstat("") == nil)
    }
}
