@testable import LabBenchmarks
import Testing

@Suite struct BenchFormatTests {
    @Test func durationsKeepSubMillisecondFiguresVisible() {
        #expect(BenchFormat.duration(0.000042) == "0.042 ms")
        #expect(BenchFormat.duration(0.0042) == "4.20 ms")
        #expect(BenchFormat.duration(0.42) == "420.0 ms")
        #expect(BenchFormat.duration(4.2) == "4.20 s")
    }

    @Test func ratiosShowOneDecimalUntilAHundred() {
        #expect(BenchFormat.ratio(3.456) == "3.5×")
        #expect(BenchFormat.ratio(123.4) == "123×")
        #expect(BenchFormat.ratio(nil) == "n/a")
        #expect(BenchFormat.ratio(.infinity) == "n/a")
    }

    @Test func countsAndMemoryReadLikeTables() {
        #expect(BenchFormat.count(10_000) == "10,000")
        #expect(BenchFormat.count(999) == "999")
        #expect(BenchFormat.count(1_234_567) == "1,234,567")
        #expect(BenchFormat.mebibytes(13_002_342) == "12.4 MiB")
        #expect(BenchFormat.kibibytes(1536) == "1.5 KiB")
    }
}
