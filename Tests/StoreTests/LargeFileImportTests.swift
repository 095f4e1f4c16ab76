import Engine
import Foundation
import Gates
import Store
import Testing

/// Files over a megabyte are parsed in two halves on two threads: line numbers and totals stay exact.
@Suite struct LargeFileImportTests {
    static func text(lines: Int, bad: Int? = nil) -> String {
        var out = "time,charger,metric,value\r\n"
        for k in 0..<lines {
            let line = k + 2
            let value = line == bad ? "-1" : String(k % 7)
            out += "\(1_793_000_000 + k * 7),CP-\(k % 5 + 1),metric.number.\(k % 3),\(value)\r\n"
        }
        return out
    }

    @Test func aLargeFileIsImportedWhole() throws {
        let f = try SampleFixture()
        let report = try f.importFile("large.csv", Self.text(lines: 60_000))
        #expect(report.samples == 60_000)
        let totals = try f.everything(["metric.number.0", "metric.number.1", "metric.number.2"])
        #expect(totals.counts.values.reduce(0, +) == 60_000)
        #expect(totals.sums.values.reduce(0, +) == Double((0..<60_000).map { $0 % 7 }.reduce(0, +)))
    }

    @Test(arguments: [5, 29_000, 31_000, 60_001])
    func aBadLineAnywhereIsNamed(line: Int) throws {
        let f = try SampleFixture()
        let message = importError { try f.importFile("large.csv", Self.text(lines: 60_000, bad: line)) }
        #expect(message?.contains("/large.csv:\(line): column value: '-1' is negative") == true, "\(message ?? "")")
        #expect(try f.everything(["metric.number.0"]).counts["metric.number.0"] == 0)
    }
}
