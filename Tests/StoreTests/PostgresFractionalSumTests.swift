import Application
import Engine
import Foundation
import Gates
import PostgresStore
import Store
import Testing

/// Fractional values (energy in kWh, not counts): the sums of a large group (the fleet minus the rest) and of a
/// small one are the SQLite store's to the last bit on PostgreSQL, whether the samples came in one file, in files
/// that overlap, or in a file out of time order; and `verify` passes on both.
@Suite(.disabled(if: Backend.postgresURL == nil, Comment(rawValue: Backend.postgresMissing)))
struct PostgresFractionalSumTests {
    static let fleet = (0..<150).map { Charger(id: String(format: "CP-%03d", $0), attributes: ["site": "s\($0 % 3)", "model": "A"]) }
    static let end = t0

    /// How the samples reach the store.
    enum Files: String, CaseIterable, CustomTestStringConvertible {
        /// One file in time order.
        case one
        /// Three files in time order, each repeating the end of the one before and adding later samples.
        case overlapping
        /// One file, its lines shuffled.
        case shuffled
        /// One file of integer values but for one charger's samples on odd days: the server adds the whole days of a
        /// metric only when all of its parts are integers, so some windows take that path and others not.
        case mostlyIntegers
        var testDescription: String { rawValue }
    }

    /// Fractional values at whole seconds over ten days: two metrics per charger and hour for most chargers,
    /// values of very different magnitudes (so that the order of the additions shows in the last bits).
    static func lines(seed: UInt64, mostlyIntegers: Bool = false) -> [String] {
        var rng = SplitMix64(state: seed)
        var out: [String] = []
        let start = Int64(end.timeIntervalSince1970) - 10 * 86_400
        for hour in 0..<(10 * 24) {
            for c in fleet where Int.random(in: 0..<10, using: &rng) < 7 {
                let t = start + Int64(hour) * 3600 + Int64.random(in: 0..<3600, using: &rng)
                let scale = [0.001, 1, 1000, 1e6][Int.random(in: 0..<4, using: &rng)]
                let requested = Double.random(in: 0.1...50, using: &rng) * scale
                var delivered = requested * Double.random(in: 0.3...1, using: &rng)
                if mostlyIntegers, !(c.id == "CP-007" && (t / 86_400) % 2 == 1) {
                    delivered = delivered.rounded()
                    out.append("\(t),\(c.id),energy.requested,\(Int64(requested.rounded()))")
                } else {
                    out.append("\(t),\(c.id),energy.requested,\(requested)")
                }
                out.append("\(t),\(c.id),energy.delivered,\(delivered)")
            }
        }
        return out
    }

    static func files(_ how: Files, seed: UInt64) -> [String] {
        let lines = lines(seed: seed), header = "time,charger,metric,value"
        func file(_ part: ArraySlice<String>) -> String { ([header] + part).joined(separator: "\n") + "\n" }
        switch how {
        case .one: return [file(lines[...])]
        case .overlapping:
            let n = lines.count
            return [file(lines[..<(n / 3)]), file(lines[(n / 4)..<(n * 2 / 3)]), file(lines[(n / 2)...])]
        case .shuffled:
            var rng = SplitMix64(state: seed &+ 1)
            return [file(lines.shuffled(using: &rng)[...])]
        case .mostlyIntegers:
            return [file(Self.lines(seed: seed, mostlyIntegers: true)[...])]
        }
    }

    static func seeded(_ t: TemporaryStore, _ files: [String]) throws {
        _ = try t.service.importFleet(csv: fleetCSV(fleet), file: "fleet.csv", as: t.by(at: end.addingTimeInterval(-11 * 86_400)))
        for (n, text) in files.enumerated() {
            let path = t.directory.appendingPathComponent("m\(n).csv").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            _ = try t.service.importMetrics(path: path, skipUnknown: false, as: t.by())
        }
    }

    @Test(arguments: Files.allCases)
    func fractionalSumsAreTheSQLiteStoresToTheLastBit(_ how: Files) async throws {
        let files = Self.files(how, seed: 21)
        let lite = try TemporaryStore(.sqlite), pg = try TemporaryStore(.postgres)
        try Self.seeded(lite, files)
        try Self.seeded(pg, files)
        var rng = SplitMix64(state: 77)
        let names = ["energy.delivered", "energy.requested"]
        let ids = Self.fleet.map(\.id)
        var fleetPath = 0
        for round in 0..<24 {
            // Mostly more than half of the fleet (the fleet minus the rest), sometimes all of it or a pilot.
            let size = round % 6 == 5 ? Int.random(in: 1...40, using: &rng) : round % 6 == 4 ? ids.count : Int.random(in: 80...149, using: &rng)
            if size > 75 { fleetPath += 1 }
            let group = Array(ids.shuffled(using: &rng).prefix(size))
            var a = Self.end.timeIntervalSince1970 - Double(Int.random(in: 0...(11 * 86_400), using: &rng))
            var b = Self.end.timeIntervalSince1970 - Double(Int.random(in: 0...(11 * 86_400), using: &rng))
            if round % 3 == 0 { b = (b / 86_400).rounded() * 86_400 }
            if a > b { swap(&a, &b) }
            let window = EvidenceWindow(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b))
            let x = try lite.store.totals(of: names, chargers: group, window: window)
            let y = try pg.store.totals(of: names, chargers: group, window: window)
            #expect(x.counts == y.counts, "round \(round)")
            for name in names {
                #expect(x.sums[name]?.bitPattern == y.sums[name]?.bitPattern,
                        "\(how) round \(round) (\(size) chargers) \(name): SQLite \(x.sums[name] ?? .nan), PostgreSQL \(y.sums[name] ?? .nan)")
            }
            // Asked together with the rest of the fleet (a pilot and its control group), each gets what it gets alone.
            let rest = ids.filter { !Set(group).contains($0) }
            let together = try pg.store.totals([SampleTotalsRequest(names: names, chargers: group), SampleTotalsRequest(names: names, chargers: rest)],
                                               window: window)
            let restAlone = try lite.store.totals(of: names, chargers: rest, window: window)
            #expect(together[0].counts == x.counts && together[1].counts == restAlone.counts, "round \(round) together")
            for name in names {
                #expect(together[0].sums[name]?.bitPattern == x.sums[name]?.bitPattern && together[1].sums[name]?.bitPattern == restAlone.sums[name]?.bitPattern,
                        "\(how) round \(round) together \(name)")
            }
            guard round % 3 == 0 else { continue }
            let dx = try lite.store.dailyTotals(of: names, chargers: group, window: window)
            let dy = try pg.store.dailyTotals(of: names, chargers: group, window: window)
            #expect(dx.map(\.day) == dy.map(\.day))
            #expect(dx.map { $0.totals.sums.mapValues(\.bitPattern) } == dy.map { $0.totals.sums.mapValues(\.bitPattern) }, "\(how) round \(round) daily")
        }
        #expect(fleetPath >= 12)
        #expect(try lite.store.verify().ok)
        let check = try pg.store.verify()
        #expect(check.ok, "\(check.problem ?? "")")
    }
}
