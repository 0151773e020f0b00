@testable import LabBenchmarks
import Testing

@Suite struct PercentilesTests {
    @Test func emptySampleHasNoPercentiles() {
        #expect(Percentiles([]) == nil)
    }

    @Test func singleValueIsEveryPercentile() throws {
        let percentiles = try #require(Percentiles([0.004]))
        #expect(percentiles.count == 1)
        #expect([percentiles.p50, percentiles.p99, percentiles.max] == [0.004, 0.004, 0.004])
    }

    @Test func nearestRankReportsMeasuredValuesWhateverTheOrder() throws {
        let percentiles = try #require(Percentiles((1...100).reversed().map(Double.init)))
        #expect(percentiles.count == 100)
        #expect(percentiles.p50 == 50)
        #expect(percentiles.p99 == 99)
        #expect(percentiles.max == 100)
    }

    @Test func p99OfAThousandIsTheNineHundredNinetiethValue() throws {
        let percentiles = try #require(Percentiles((1...1000).map(Double.init)))
        #expect(percentiles.p99 == 990)
        #expect(percentiles.p50 == 500)
    }

    @Test func p99OfTenIsTheWorst() throws {
        let percentiles = try #require(Percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
        #expect(percentiles.p99 == 10)
        #expect(percentiles.p50 == 5)
    }
}
