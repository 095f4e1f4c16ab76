import Application
import Engine
import Foundation
import Gates
import PostgresStore
import Store
import Testing

/// The PostgreSQL store's sample schema: rows per (day, charger) (schema 5) and fleet-wide sums (schema 4). A group larger than half of the chargers with samples is the
/// fleet minus the rest, with the SQLite store's numbers and those of a plain sum over the samples; `verify` finds
/// an edited fleet-wide sum; stores of schemas 3 and 4 are upgraded in place.
@Suite(.disabled(if: Backend.postgresURL == nil, Comment(rawValue: Backend.postgresMissing)))
struct PostgresSampleSchemaTests {
    static let fleet = (0..<150).map { Charger(id: String(format: "CP-%03d", $0), attributes: ["site": "s\($0 % 3)", "model": "A"]) }
    static let end = t0

    struct Sample: Hashable {
        var time: Int64 // whole seconds
        var charger: String
        var metric: String
    }

    /// Integer counts over ten days at whole seconds, in two files that overlap (the second repeats part of the first).
    static func samples(seed: UInt64) -> [(Sample, Int)] {
        var rng = SplitMix64(state: seed)
        var out: [(Sample, Int)] = []
        let start = Int64(end.timeIntervalSince1970) - 10 * 86_400
        for hour in 0..<(10 * 24) {
            for c in fleet where Int.random(in: 0..<10, using: &rng) < 7 {
                let t = start + Int64(hour) * 3600 + Int64.random(in: 0..<3600, using: &rng)
                out.append((Sample(time: t, charger: c.id, metric: "session.started"), Int.random(in: 0...40, using: &rng)))
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    out.append((Sample(time: t + 1, charger: c.id, metric: "connection.dropped"), 1))
                }
            }
        }
        return out
    }

    static func files(_ samples: [(Sample, Int)]) -> [String] {
        let lines = samples.map { "\($0.0.time),\($0.0.charger),\($0.0.metric),\($0.1)" }
        let header = "time,charger,metric,value"
        let cut = lines.count * 3 / 4
        return [([header] + lines[..<cut]).joined(separator: "\n") + "\n", ([header] + lines[(cut / 3)...]).joined(separator: "\n") + "\n"]
    }

    static func seeded(_ t: TemporaryStore, _ samples: [(Sample, Int)]) throws {
        _ = try t.service.importFleet(csv: fleetCSV(fleet), file: "fleet.csv", as: t.by(at: end.addingTimeInterval(-11 * 86_400)))
        for (n, text) in files(samples).enumerated() {
            let path = t.directory.appendingPathComponent("m\(n).csv").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            _ = try t.service.importMetrics(path: path, skipUnknown: false, as: t.by())
        }
    }

    /// The plain sum over the samples: the oracle.
    static func plain(_ samples: [(Sample, Int)], _ names: [String], _ group: Set<String>, _ a: Double, _ b: Double) -> SampleTotals {
        var out = SampleTotals()
        for name in names {
            out.sums[name] = 0
            out.counts[name] = 0
        }
        for (s, v) in samples where group.contains(s.charger) && Double(s.time) >= a && Double(s.time) < b && names.contains(s.metric) {
            out.sums[s.metric, default: 0] += Double(v)
            out.counts[s.metric, default: 0] += 1
        }
        return out
    }

    @Test func aLargeGroupIsTheFleetMinusTheRestWithTheSQLiteStoresNumbers() async throws {
        let samples = Self.samples(seed: 3)
        var seen = Set<Sample>()
        let distinct = samples.filter { seen.insert($0.0).inserted }
        let lite = try TemporaryStore(.sqlite), pg = try TemporaryStore(.postgres)
        try Self.seeded(lite, samples)
        try Self.seeded(pg, samples)
        var rng = SplitMix64(state: 99)
        let names = ["session.started", "connection.dropped", "missing"]
        let ids = Self.fleet.map(\.id)
        for round in 0..<30 {
            // Mostly more than half of the fleet (the fleet minus the rest), sometimes all of it or a small group.
            let size = round % 5 == 4 ? Int.random(in: 1...60, using: &rng) : round % 5 == 3 ? ids.count : Int.random(in: 80...149, using: &rng)
            let group = Array(ids.shuffled(using: &rng).prefix(size)) + (round % 2 == 0 ? ["CP-NONE"] : [])
            var a = Self.end.timeIntervalSince1970 - Double(Int.random(in: 0...(11 * 86_400), using: &rng))
            var b = Self.end.timeIntervalSince1970 - Double(Int.random(in: 0...(11 * 86_400), using: &rng))
            if round % 4 == 0 { b = (b / 86_400).rounded() * 86_400 }
            if round % 7 == 6 { a += 0.25 } // not a whole second: summed directly
            if a > b { swap(&a, &b) }
            let window = EvidenceWindow(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b))
            let x = try lite.store.totals(of: names, chargers: group, window: window)
            let y = try pg.store.totals(of: names, chargers: group, window: window)
            let want = Self.plain(distinct, names, Set(group), a, b)
            #expect(y.counts == want.counts, "round \(round)")
            #expect(y.sums == want.sums, "round \(round)")
            #expect(x.counts == y.counts && x.sums == y.sums, "round \(round)")
            let dx = try lite.store.dailyTotals(of: names, chargers: group, window: window)
            let dy = try pg.store.dailyTotals(of: names, chargers: group, window: window)
            #expect(dx.map(\.day) == dy.map(\.day))
            #expect(dx.map(\.totals.sums) == dy.map(\.totals.sums) && dx.map(\.totals.counts) == dy.map(\.totals.counts), "round \(round)")
        }
        #expect(try pg.store.verify().ok)
    }

    @Test func verifyFindsAnEditedFleetWideSum() async throws {
        let pg = try TemporaryStore(.postgres)
        try Self.seeded(pg, Self.samples(seed: 4))
        #expect(try pg.store.verify().ok)
        // The whole fleet's totals come from the fleet-wide sums, a small group's from its own rows.
        let all = Self.fleet.map(\.id), few = Array(all.prefix(10))
        let window = EvidenceWindow(start: Self.end.addingTimeInterval(-12 * 86_400), end: Self.end)
        let fleetBefore = try pg.store.totals(of: ["session.started"], chargers: all, window: window)
        let fewBefore = try pg.store.totals(of: ["session.started"], chargers: few, window: window)
        try pg.backing.tamper("UPDATE fleet_days SET total = total + 1 WHERE day = (SELECT min(day) FROM fleet_days) AND metric = (SELECT id FROM metric_names WHERE name = 'session.started')")
        #expect(try pg.store.totals(of: ["session.started"], chargers: all, window: window).sums["session.started"] == fleetBefore.sums["session.started"]! + 1)
        #expect(try pg.store.totals(of: ["session.started"], chargers: few, window: window) == fewBefore)
        try pg.backing.tamper("UPDATE fleet_days SET total = total - 1 WHERE day = (SELECT min(day) FROM fleet_days) AND metric = (SELECT id FROM metric_names WHERE name = 'session.started')")
        for (edit, undo) in [("UPDATE fleet_days SET total = total + 1 WHERE day = (SELECT min(day) FROM fleet_days)",
                              "UPDATE fleet_days SET total = total - 1 WHERE day = (SELECT min(day) FROM fleet_days)"),
                             ("UPDATE fleet_seconds SET n = n + 1 WHERE second = (SELECT max(second) FROM fleet_seconds)",
                              "UPDATE fleet_seconds SET n = n - 1 WHERE second = (SELECT max(second) FROM fleet_seconds)")] {
            try pg.backing.tamper(edit)
            let check = try pg.store.verify()
            #expect(!check.ok)
            #expect(check.problem?.contains("fleet-wide sum of metric") == true, "\(check.problem ?? "")")
            try pg.backing.tamper(undo)
            #expect(try pg.store.verify().ok)
        }
        try pg.backing.tamper("DELETE FROM fleet_seconds WHERE second = (SELECT min(second) FROM fleet_seconds)")
        #expect(try pg.store.verify().problem?.contains("is missing, but the samples give") == true)
    }

    @Test func aStoreOfSchema3IsUpgradedInPlace() async throws {
        let pg = try TemporaryStore(.postgres)
        let samples = Self.samples(seed: 5)
        try Self.seeded(pg, samples)
        let group = Array(Self.fleet.map(\.id).prefix(120))
        let window = EvidenceWindow(start: Self.end.addingTimeInterval(-7 * 86_400 - 1234), end: Self.end.addingTimeInterval(-5678))
        let before = try pg.store.totals(of: ["session.started"], chargers: group, window: window)
        // What schema 3 had: everything but the fleet-wide sums.
        try pg.backing.tamper("DROP TABLE fleet_days; DROP TABLE fleet_seconds; DELETE FROM migrate_schema WHERE version = 4")
        let reopened = try pg.backing.reopen()
        #expect((reopened as? PostgresStore)?.applied == ["4-fleet-sums"])
        #expect(try reopened.verify().ok)
        #expect(try reopened.totals(of: ["session.started"], chargers: group, window: window) == before)
        var seen = Set<Sample>()
        let distinct = samples.filter { seen.insert($0.0).inserted }
        #expect(before == Self.plain(distinct, ["session.started"], Set(group), window.start.timeIntervalSince1970, window.end.timeIntervalSince1970))
        (reopened as? PostgresStore)?.close()
    }

    /// Schema 4's sample tables, rebuilt from schema 5's rows (what a store written by the previous migrate holds).
    static let schema4 = """
        CREATE TABLE old_samples AS SELECT day, metric, charger, t, v FROM samples;
        CREATE TABLE old_days AS SELECT day, metric, charger, total, n, first, last FROM sample_days;
        DROP VIEW samples; DROP VIEW sample_days; DROP TABLE sample_rows;
        ALTER TABLE old_samples RENAME TO samples; ALTER TABLE old_days RENAME TO sample_days;
        ALTER TABLE samples ADD PRIMARY KEY (day, metric, charger, t); ALTER TABLE sample_days ADD PRIMARY KEY (day, metric, charger);
        CREATE INDEX sample_days_metric ON sample_days (metric, day, charger);
        DELETE FROM migrate_schema WHERE version = 5
        """

    @Test func aStoreOfSchema4GetsItsSamplesAsRowsInPlaceAndAnEarlierEditIsStillFound() async throws {
        let samples = Self.samples(seed: 6)
        let pg = try TemporaryStore(.postgres)
        try Self.seeded(pg, samples)
        let group = Array(Self.fleet.map(\.id).prefix(100)), small = Array(Self.fleet.map(\.id).suffix(7))
        let window = EvidenceWindow(start: Self.end.addingTimeInterval(-6 * 86_400 - 999), end: Self.end.addingTimeInterval(-3 * 3600))
        let names = ["session.started", "connection.dropped"]
        let summaries = try pg.store.metricSummaries()
        let head = try pg.store.verify()
        try pg.backing.tamper(Self.schema4)
        var reopened = try pg.backing.reopen()
        #expect((reopened as? PostgresStore)?.applied == ["5-sample-rows"])
        let check = try reopened.verify()
        #expect(check.ok && check.sampleDays == head.sampleDays && check.lastHash == head.lastHash, "\(check.problem ?? "")")
        #expect(try reopened.metricSummaries() == summaries)
        var seen = Set<Sample>()
        let distinct = samples.filter { seen.insert($0.0).inserted }
        for g in [group, small] {
            let want = Self.plain(distinct, names, Set(g), window.start.timeIntervalSince1970, window.end.timeIntervalSince1970)
            #expect(try reopened.totals(of: names, chargers: g, window: window) == want)
        }
        // The same file again changes nothing; a new one merges into the converted rows.
        let again = pg.directory.appendingPathComponent("m1.csv").path
        #expect(try MigrationService(store: reopened).importMetrics(path: again, skipUnknown: false, as: pg.by()).alreadyImported)
        let extra = pg.directory.appendingPathComponent("extra.csv").path
        let t = Int64(Self.end.timeIntervalSince1970) - 86_400 + 17
        try "time,charger,metric,value\n\(t),CP-001,session.started,5\n\(samples[0].0.time),\(samples[0].0.charger),\(samples[0].0.metric),\(samples[0].1)\n"
            .write(toFile: extra, atomically: true, encoding: .utf8)
        let report = try MigrationService(store: reopened).importMetrics(path: extra, skipUnknown: false, as: pg.by())
        #expect(report.samples == 1 && report.duplicates == 1)
        #expect(try reopened.verify().ok)
        (reopened as? PostgresStore)?.close()

        // A sample edited behind the store's back before the upgrade is still found after it.
        let edited = try TemporaryStore(.postgres)
        try Self.seeded(edited, samples)
        try edited.backing.tamper(Self.schema4)
        try edited.backing.tamper("UPDATE samples SET v = v + 1 WHERE (day, metric, charger, t) = (SELECT day, metric, charger, t FROM samples ORDER BY day, charger, t LIMIT 1)")
        reopened = try edited.backing.reopen()
        let found = try reopened.verify()
        #expect(!found.ok && found.problem?.contains("have sum") == true, "\(found.problem ?? "")")
        (reopened as? PostgresStore)?.close()
    }
}
