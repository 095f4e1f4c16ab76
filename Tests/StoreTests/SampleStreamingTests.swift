import Engine
import Foundation
import Gates
@testable import Store
import Testing

/// The import holds a bounded number of samples: with a tiny buffer, every file is written in many flushes
/// (the latest day kept back, chunks merged across flushes), and the outcome is the same as in one.
@Suite struct SampleStreamingTests {
    typealias Sample = SampleTotalsTests.Sample

    static func importSmall(_ f: SampleFixture, _ name: String, _ text: String, capacity: Int) throws -> MetricsImportReport {
        try f.store.importMetrics(path: try f.file(name, text), actor: "test", at: SampleFixture.at, simulated: true,
                                  skipUnknown: false, capacity: capacity)
    }

    @Test(arguments: [7, 64, 500] as [Int])
    func manyFlushesGiveTheSameTotals(capacity: Int) throws {
        let f = try SampleFixture(fleet: SampleTotalsTests.chargers)
        let all = SampleTotalsTests.samples(seed: UInt64(capacity))
        let inTimeOrder = all.sorted { $0.t < $1.t }
        let first = try Self.importSmall(f, "one.csv", SampleTotalsTests.csv(Array(inTimeOrder[..<2000])), capacity: capacity)
        // The second file repeats the last 500 samples of the first and is out of time order.
        var rng = SplitMix64(state: 3)
        let second = try Self.importSmall(f, "two.csv", SampleTotalsTests.csv(Array(inTimeOrder[1500...]).shuffled(using: &rng)),
                                          capacity: capacity)
        #expect(first.samples == 2000)
        #expect(second.samples == all.count - 2000)
        #expect(second.duplicates == 500)
        let window = EvidenceWindow(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 4_000_000_000))
        let got = try f.store.totals(of: ["a", "b", "c"], chargers: SampleTotalsTests.chargers, window: window)
        let want = SampleTotalsTests.brute(all, names: ["a", "b", "c"], group: Set(SampleTotalsTests.chargers), from: window.start, to: window.end)
        #expect(got == want)
        #expect(try f.store.verify().ok)
    }

    @Test func aConflictInALaterFlushNamesItsLineAndStoresNothing() throws {
        let f = try SampleFixture()
        var text = "time,charger,metric,value\n"
        for k in 0..<300 { text += "\(1_793_527_200 + k * 600),CP-\(k % 5 + 1),x,\(k % 4)\n" }
        // Line 302 repeats the sample of line 2 (time 1793527200, CP-1) with another value.
        text += "1793527200,CP-1,x,9\n"
        let message = importError { _ = try Self.importSmall(f, "c.csv", text, capacity: 16) }
        #expect(message?.contains("c.csv:302: charger CP-1, metric x at 2026-11-01T10:00:00Z has value 9, but 0 is already stored") == true,
                "\(message ?? "no error")")
        #expect(try f.everything(["x"]).counts["x"] == 0)
        #expect(try f.store.verify().ok)
    }

    @Test func rowsFromAStreamAreImportedLikeAFile() throws {
        let f = try SampleFixture()
        let rows = (0..<1000).map { k in
            SampleInput(time: Date(timeIntervalSince1970: Double(1_793_527_200 + k * 60)), charger: "CP-\(k % 5 + 1)", metric: "kpi.boot", value: 1)
        }
        let report = try f.store.importSamples(rows, source: "frames.log", digest: "d1", actor: "test", at: SampleFixture.at, simulated: true)
        #expect(report.samples == 1000)
        #expect(try f.store.importSamples(rows, source: "frames.log", digest: "d1", actor: "test", at: SampleFixture.at, simulated: true).alreadyImported)
        let bad = rows + [SampleInput(time: Date(timeIntervalSince1970: 1_793_527_200), charger: "CP-1", metric: "kpi.boot", value: .nan)]
        let message = importError { _ = try f.store.importSamples(bad, source: "frames2.log", digest: "d2", actor: "t", at: SampleFixture.at, simulated: true) }
        #expect(message?.contains("frames2.log:1001: column value") == true, "\(message ?? "")")
        #expect(try f.everything(["kpi.boot"]).counts["kpi.boot"] == 1000)
        #expect(try f.store.verify().ok)
    }
}
