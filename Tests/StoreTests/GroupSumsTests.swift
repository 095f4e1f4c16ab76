import Engine
import Foundation
import Gates
import Store
import Testing

/// A group's chunks are read by seeks when it is sparse among the ids and by a filtered scan when dense:
/// both give the brute-force sums.
@Suite struct GroupSumsTests {
    @Test(arguments: [
        ["CP-1", "CP-50", "CP-100", "CP-150"],             // sparse: seeks
        (20...45).map { "CP-\($0)" },                      // dense: one scan per day and metric
        (1...40).map { "CP-\($0 * 3)" } + ["CP-unknown"],   // a third of the range: a scan that skips
    ])
    func sparseAndDenseGroupsGiveTheSameSums(group: [String]) throws {
        let f = try SampleFixture(fleet: SampleTotalsTests.manyChargers)
        let all = SampleTotalsTests.samples(seed: 21, chargers: SampleTotalsTests.manyChargers, count: 6000)
        try f.importFile("all.csv", SampleTotalsTests.csv(all))
        let base = Double(SampleTotalsTests.base)
        for (a, b) in [(base + 3_600.5, base + 4 * 86_400 + 7), (base - 86_400, base + 11 * 86_400), (base + 100, base + 200)] {
            let window = EvidenceWindow(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b))
            let got = try f.store.totals(of: ["a", "b"], chargers: group, window: window)
            #expect(got == SampleTotalsTests.brute(all, names: ["a", "b"], group: Set(group), from: window.start, to: window.end))
        }
    }
}
