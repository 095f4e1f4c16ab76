import Engine
import Foundation
import Gates
import Store
import Testing

/// Per-charger totals and recently-seen chargers (a phase's preflight) against a brute-force count of the samples.
@Suite struct ChargerTotalsTests {
    typealias T = SampleTotalsTests

    @Test(arguments: [11, 12] as [UInt64])
    func eachChargerOnItsOwnMatchesABruteForceSum(seed: UInt64) throws {
        let f = try SampleFixture(fleet: T.chargers)
        let all = T.samples(seed: seed)
        try f.importFile("one.csv", T.csv(all))
        var rng = SplitMix64(state: seed &* 13)
        for round in 0..<30 {
            let group = Array(T.chargers.shuffled(using: &rng).prefix(Int.random(in: 1...T.chargers.count, using: &rng))) + ["CP-unknown"]
            var a = Double(T.base) + Double.random(in: -86_400...(11 * 86_400), using: &rng)
            var b = Double(T.base) + Double.random(in: -86_400...(11 * 86_400), using: &rng)
            if round % 3 == 0 { b = a + Double.random(in: 0...86_400, using: &rng) } // within a day or two
            if a > b { swap(&a, &b) }
            let window = EvidenceWindow(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b))
            let names = ["a", "c", "missing"]
            let got = try f.store.totalsByCharger(of: names, chargers: group, window: window)
            for charger in group {
                let want = T.brute(all, names: names, group: [charger], from: window.start, to: window.end)
                var have = got[charger] ?? SampleTotals()
                for name in names {
                    have.sums[name] = have.sums[name] ?? 0
                    have.counts[name] = have.counts[name] ?? 0
                }
                #expect(have == want, "round \(round), \(charger), window \(window)")
            }
            #expect(Set(got.keys).isSubset(of: Set(group)))
            let seen = try f.store.chargersSeen(group, window: window)
            let start = Int64((a * 1e6).rounded()), end = Int64((b * 1e6).rounded())
            let wantSeen = Set(all.filter { group.contains($0.charger) && $0.t >= start && $0.t < end }.map(\.charger))
            #expect(seen == wantSeen, "round \(round): window \(window)")
        }
    }

    @Test func nothingAskedNothingAnswered() throws {
        let f = try SampleFixture(fleet: T.chargers)
        try f.importFile("one.csv", T.csv(T.samples(seed: 3)))
        let window = EvidenceWindow(start: Date(timeIntervalSince1970: Double(T.base)), end: Date(timeIntervalSince1970: Double(T.base + 86_400)))
        #expect(try f.store.totalsByCharger(of: [], chargers: T.chargers, window: window).isEmpty)
        #expect(try f.store.totalsByCharger(of: ["a"], chargers: [], window: window).isEmpty)
        #expect(try f.store.chargersSeen([], window: window).isEmpty)
        #expect(try f.store.chargersSeen(T.chargers, window: EvidenceWindow(start: window.end, end: window.end)).isEmpty)
    }
}
