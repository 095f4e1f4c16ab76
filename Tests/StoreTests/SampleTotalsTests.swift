import Engine
import Foundation
import Gates
import Store
import Testing

/// A deterministic generator, so that a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SampleTotalsTests {
    struct Sample { var t: Int64; var charger: String; var metric: String; var value: Double }

    static let chargers = (1...12).map { "CP-\($0)" }
    static let manyChargers = (1...150).map { "CP-\($0)" }
    static let base: Int64 = 1_793_000_000 // seconds

    /// Random samples over ten days, in two files that overlap, with fractional seconds and integer values.
    static func samples(seed: UInt64, chargers: [String] = chargers, count: Int = 3000) -> [Sample] {
        var rng = SplitMix64(state: seed)
        var seen = Set<String>()
        var out: [Sample] = []
        for _ in 0..<count {
            let t = base * 1_000_000 + Int64.random(in: 0..<(10 * 86_400 * 1_000_000), using: &rng) / 1000 * 1000
            let charger = chargers.randomElement(using: &rng)!
            let metric = ["a", "b", "c"].randomElement(using: &rng)!
            let key = "\(t)|\(charger)|\(metric)"
            guard seen.insert(key).inserted else { continue }
            out.append(Sample(t: t, charger: charger, metric: metric, value: Double(Int.random(in: 0...20, using: &rng))))
        }
        return out
    }

    static func csv(_ samples: [Sample]) -> String {
        "time,charger,metric,value\n" + samples.map { s in
            String(format: "%lld.%06lld,%@,%@,%g", s.t / 1_000_000, s.t % 1_000_000, s.charger, s.metric, s.value)
        }.joined(separator: "\n") + "\n"
    }

    static func brute(_ samples: [Sample], names: [String], group: Set<String>, from: Date, to: Date) -> SampleTotals {
        var totals = SampleTotals()
        for name in names { totals.sums[name] = 0; totals.counts[name] = 0 }
        let start = Int64((from.timeIntervalSince1970 * 1e6).rounded()), end = Int64((to.timeIntervalSince1970 * 1e6).rounded())
        for s in samples where names.contains(s.metric) && group.contains(s.charger) && s.t >= start && s.t < end {
            totals.sums[s.metric, default: 0] += s.value
            totals.counts[s.metric, default: 0] += 1
        }
        return totals
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func totalsMatchABruteForceSumForAnyWindow(seed: UInt64) throws {
        let f = try SampleFixture(fleet: Self.chargers)
        let all = Self.samples(seed: seed)
        // Two overlapping files: the second repeats a third of the first.
        let split = all.count * 2 / 3
        try f.importFile("one.csv", Self.csv(Array(all[..<split])))
        try f.importFile("two.csv", Self.csv(Array(all[(split / 2)...])))
        var rng = SplitMix64(state: seed &* 77)
        for round in 0..<60 {
            let groupSize = Int.random(in: 1...Self.chargers.count, using: &rng)
            let group = Array(Self.chargers.shuffled(using: &rng).prefix(groupSize)) + (round % 5 == 0 ? ["CP-unknown"] : [])
            var a = Double(Self.base) + Double.random(in: -86_400...(11 * 86_400), using: &rng)
            var b = Double(Self.base) + Double.random(in: -86_400...(11 * 86_400), using: &rng)
            if round % 4 == 0 { a = a.rounded(.down); b = (b / 86_400).rounded() * 86_400 } // whole seconds, day-aligned end
            if a > b { swap(&a, &b) }
            let window = EvidenceWindow(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b))
            let names = ["a", "c", "missing"]
            let got = try f.store.totals(of: names, chargers: group, window: window)
            let want = Self.brute(all, names: names, group: Set(group), from: window.start, to: window.end)
            #expect(got == want, "round \(round): window \(window), group \(group.count)")
        }
    }

    /// Groups larger than half the chargers with samples are answered as the fleet minus the rest.
    @Test(arguments: [5, 6] as [UInt64])
    func largeGroupsMatchABruteForceSum(seed: UInt64) throws {
        let f = try SampleFixture(fleet: Self.manyChargers)
        let all = Self.samples(seed: seed, chargers: Self.manyChargers, count: 8000)
        try f.importFile("one.csv", Self.csv(Array(all[..<5000])))
        try f.importFile("two.csv", Self.csv(Array(all[4000...])))
        var rng = SplitMix64(state: seed &* 31)
        for round in 0..<40 {
            let groupSize = Int.random(in: 60...Self.manyChargers.count, using: &rng)
            let group = Array(Self.manyChargers.shuffled(using: &rng).prefix(groupSize)) + ["CP-unknown"]
            var a = (Double(Self.base) + Double.random(in: -86_400...(11 * 86_400), using: &rng)).rounded(.down)
            var b = (Double(Self.base) + Double.random(in: -86_400...(11 * 86_400), using: &rng)).rounded(.down)
            if round % 3 == 0 { b = a + Double(Int.random(in: 0...7200, using: &rng)) } // within a day or two
            if round % 5 == 0 { a += 0.25 } // not whole seconds: summed directly
            if a > b { swap(&a, &b) }
            let window = EvidenceWindow(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b))
            let names = ["a", "b", "missing"]
            let got = try f.store.totals(of: names, chargers: group, window: window)
            let want = Self.brute(all, names: names, group: Set(group), from: window.start, to: window.end)
            #expect(got == want, "round \(round): window \(window), group \(group.count)")
        }
        let days = try f.store.dailyTotals(of: ["a"], chargers: Self.manyChargers,
                                           window: EvidenceWindow(start: Date(timeIntervalSince1970: Double(Self.base)), end: Date(timeIntervalSince1970: Double(Self.base + 10 * 86_400))))
        #expect(days.reduce(0) { $0 + ($1.totals.counts["a"] ?? 0) } == all.filter { $0.metric == "a" }.count)
    }

    @Test func dailyTotalsSplitTheWindowByUTCDay() throws {
        let f = try SampleFixture(fleet: Self.chargers)
        let all = Self.samples(seed: 9)
        try f.importFile("all.csv", Self.csv(all))
        let window = EvidenceWindow(start: Date(timeIntervalSince1970: Double(Self.base) + 3_600.5),
                                    end: Date(timeIntervalSince1970: Double(Self.base) + 4 * 86_400 + 7))
        let group = Array(Self.chargers.prefix(7))
        let days = try f.store.dailyTotals(of: ["a", "b"], chargers: group, window: window)
        #expect(days.count == 5)
        #expect(days.first?.day == Date(timeIntervalSince1970: Double(Self.base / 86_400 * 86_400)))
        for (day, totals) in days {
            let from = max(window.start, day), to = min(window.end, day.addingTimeInterval(86_400))
            #expect(totals == Self.brute(all, names: ["a", "b"], group: Set(group), from: from, to: to))
        }
        let summed = days.reduce(0) { $0 + ($1.totals.counts["a"] ?? 0) }
        #expect(summed == (try f.store.totals(of: ["a"], chargers: group, window: window)).counts["a"])
    }

    @Test func anEmptyGroupOrWindowHasZeroTotals() throws {
        let f = try SampleFixture(fleet: Self.chargers)
        try f.importFile("all.csv", Self.csv(Self.samples(seed: 4)))
        let window = EvidenceWindow(start: Date(timeIntervalSince1970: Double(Self.base)), end: Date(timeIntervalSince1970: Double(Self.base + 86_400)))
        #expect(try f.store.totals(of: ["a"], chargers: [], window: window) == SampleTotals(sums: ["a": 0], counts: ["a": 0]))
        let empty = EvidenceWindow(start: window.end, end: window.end)
        #expect(try f.store.totals(of: ["a"], chargers: Self.chargers, window: empty) == SampleTotals(sums: ["a": 0], counts: ["a": 0]))
    }
}
