import Application
import Engine
import Foundation
import Gates
import Playbook
import PostgresStore
import Store
import Testing

/// The same samples in both stores give the same journal entries, the same sums to the last bit, and the same gate
/// reports; a store copied either way verifies and answers the same.
@Suite(.disabled(if: Backend.postgresURL == nil, Comment(rawValue: Backend.postgresMissing)))
struct BackendSampleTests {
    static let fleet = (0..<40).map { Charger(id: String(format: "CP-%03d", $0), attributes: ["site": $0 % 2 == 0 ? "s1" : "s2", "model": ["A", "B"][$0 % 2]]) }
    static let end = t0

    static let playbook = """
        playbook: equivalence
        version: 1
        backends:
          legacy: wss://legacy.example/ocpp
          target: wss://target.example/ocpp
        from: legacy
        to: target
        metrics:
          delivery:
            ratio: [energy.delivered, energy.requested]
        phases:
          - name: pilot
            scope: { site: [s1] }
            gates:
              - metric: delivery
                at_least: 0.5
                window: 7d
          - name: fleet
            scope: all
        plans:
          rollback:
            - route: legacy
        """

    /// Hourly fractional samples over ten days before `end`, in two overlapping files, with seconds that are not whole.
    static func files(seed: UInt64) -> [String] {
        var rng = SplitMix64(state: seed)
        var lines: [String] = []
        let start = Int64(end.timeIntervalSince1970) - 10 * 86_400
        for hour in 0..<(10 * 24) {
            for c in fleet where Int.random(in: 0..<10, using: &rng) < 8 {
                let t = start + Int64(hour) * 3600 + Int64.random(in: 0..<3600, using: &rng)
                let micros = Int64.random(in: 0..<1_000_000, using: &rng)
                let requested = Double.random(in: 0.1...50, using: &rng)
                let delivered = requested * Double.random(in: 0.3...1, using: &rng)
                let time = "\(t).\(String(format: "%06lld", micros))"
                lines.append("\(time),\(c.id),energy.requested,\(requested)")
                lines.append("\(time),\(c.id),energy.delivered,\(delivered)")
            }
        }
        let header = "time,charger,metric,value"
        let cut = lines.count * 2 / 3
        return [([header] + lines[..<cut]).joined(separator: "\n") + "\n", ([header] + lines[(cut / 2)...]).joined(separator: "\n") + "\n"]
    }

    /// Both stores with the fleet, the cohort and the same files imported in the same order.
    static func seeded(seed: UInt64) async throws -> (TemporaryStore, TemporaryStore, [MetricsImportReport], [MetricsImportReport]) {
        let lite = try TemporaryStore(.sqlite), pg = try TemporaryStore(.postgres)
        var reports: [[MetricsImportReport]] = [[], []]
        for (k, t) in [lite, pg].enumerated() {
            _ = try t.service.importFleet(csv: fleetCSV(fleet), file: "fleet.csv", as: t.by(at: end.addingTimeInterval(-9 * 86_400)))
            let created = t.by(at: end.addingTimeInterval(-8 * 86_400))
            _ = try await t.service.createCohort("north", playbook: PlaybookSource(text: playbook, file: "p.yaml"), selector: .all, reason: nil, as: created)
            for (n, text) in files(seed: seed).enumerated() {
                let path = t.directory.appendingPathComponent("m\(n).csv").path
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                reports[k].append(try t.service.importMetrics(path: path, skipUnknown: false, as: t.by()))
            }
        }
        return (lite, pg, reports[0], reports[1])
    }

    @Test(arguments: [11, 12] as [UInt64])
    func theSameSamplesGiveTheSameSumsToTheLastBit(seed: UInt64) async throws {
        let (lite, pg, liteReports, pgReports) = try await Self.seeded(seed: seed)
        #expect(liteReports.map(\.samples) == pgReports.map(\.samples))
        #expect(liteReports.map(\.duplicates) == pgReports.map(\.duplicates))
        #expect(liteReports[1].duplicates > 0)
        // The journal entries of the imports are the same (days, counts, digests), but for the file's path.
        let events = { (t: TemporaryStore) in try t.store.history(cohort: nil).compactMap { e -> JournalEvent.MetricsImported? in
            if case var .metricsImported(p) = e.event { p.file = ""; return p }
            return nil
        } }
        #expect(try events(lite) == events(pg))
        #expect(try lite.store.metricSummaries() == pg.store.metricSummaries())

        var rng = SplitMix64(state: seed &* 31)
        let names = ["energy.delivered", "energy.requested", "missing"]
        for round in 0..<40 {
            let group = Array(Self.fleet.map(\.id).shuffled(using: &rng).prefix(Int.random(in: 1...20, using: &rng)))
            var a = Self.end.timeIntervalSince1970 - Double.random(in: 0...(11 * 86_400), using: &rng)
            var b = Self.end.timeIntervalSince1970 - Double.random(in: 0...(11 * 86_400), using: &rng)
            if round % 3 == 0 { a = a.rounded(.down); b = (b / 86_400).rounded() * 86_400 }
            if a > b { swap(&a, &b) }
            let window = EvidenceWindow(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b))
            let x = try lite.store.totals(of: names, chargers: group, window: window)
            let y = try pg.store.totals(of: names, chargers: group, window: window)
            #expect(x.counts == y.counts, "round \(round)")
            for name in names {
                #expect(x.sums[name]?.bitPattern == y.sums[name]?.bitPattern, "round \(round) \(name): \(x.sums[name] ?? .nan) vs \(y.sums[name] ?? .nan)")
            }
            let dx = try lite.store.dailyTotals(of: names, chargers: group, window: window)
            let dy = try pg.store.dailyTotals(of: names, chargers: group, window: window)
            #expect(dx.map(\.day) == dy.map(\.day))
            #expect(dx.map { $0.totals.sums.mapValues(\.bitPattern) } == dy.map { $0.totals.sums.mapValues(\.bitPattern) })
            #expect(try lite.store.chargersSeen(group, window: window) == pg.store.chargersSeen(group, window: window))
            let cx = try lite.store.totalsByCharger(of: names, chargers: group, window: window)
            let cy = try pg.store.totalsByCharger(of: names, chargers: group, window: window)
            #expect(Set(cx.keys) == Set(cy.keys))
            for (charger, totals) in cx {
                #expect(totals.counts.filter { $0.value > 0 } == (cy[charger]?.counts ?? [:]).filter { $0.value > 0 })
                for (name, sum) in totals.sums { #expect(abs(sum - (cy[charger]?.sums[name] ?? 0)) <= 1e-9 * max(1, sum)) }
            }
        }
        // The gate the cohort is judged by: the same report, value for value.
        let gx = try await lite.service.gates(of: "north", as: lite.by())
        let gy = try await pg.service.gates(of: "north", as: pg.by())
        #expect(gx == gy)
        #expect(gx.gates.first?.value != nil)
        #expect(try lite.store.verify().ok)
        let check = try pg.store.verify()
        #expect(check.ok, "\(check.problem ?? "")")
        #expect(check.sampleDays == 11)
    }

    @Test func aConflictOrAnUnknownChargerIsRefusedAlikeAndNothingIsStored() async throws {
        let (lite, pg, _, _) = try await Self.seeded(seed: 5)
        // A sample both stores hold, with another value.
        let stored = Self.files(seed: 5)[0].split(separator: "\n")[1].split(separator: ",")
        let clash = "\(stored[0]),\(stored[1]),\(stored[2]),9999"
        for (name, text) in [("conflict.csv", "time,charger,metric,value\n2020-01-01T00:00:00Z,CP-001,x,1\n\(clash)\n"),
                             ("unknown.csv", "time,charger,metric,value\n2020-01-01T00:00:00Z,CP-001,x,1\n2020-01-01T00:00:00Z,CP-999,x,1\n")] {
            var messages: [String] = []
            for t in [lite, pg] {
                let head = try t.store.journalHead()
                let summaries = try t.store.metricSummaries()
                let path = t.directory.appendingPathComponent(name).path
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                do {
                    _ = try t.service.importMetrics(path: path, skipUnknown: false, as: t.by())
                    Issue.record("\(name) was imported")
                } catch { messages.append("\(error)".replacingOccurrences(of: t.directory.path, with: "")) }
                #expect(try t.store.journalHead() == head)
                #expect(try t.store.metricSummaries() == summaries)
                #expect(try t.store.verify().ok)
            }
            #expect(messages.count == 2 && messages[0] == messages[1], "\(messages)")
        }
    }

    @Test func aStoreCopiedToPostgreSQLAndBackVerifiesAndAnswersTheSame() async throws {
        let (lite, _, _, _) = try await Self.seeded(seed: 7)
        let pg = try TemporaryStore(.postgres), back = try TemporaryStore(.sqlite)
        let there = try StoreCopy.copy(from: lite.store, to: pg.store)
        let home = try StoreCopy.copy(from: pg.store, to: back.store)
        #expect(there.entries == home.entries && there.samples == home.samples && there.samples > 10_000)
        let sourceHash = try lite.store.verify().lastHash
        #expect(there.lastHash == home.lastHash && there.lastHash == sourceHash)
        #expect(try lite.store.journalRows() == pg.store.journalRows())
        #expect(try lite.store.journalRows() == back.store.journalRows())
        #expect(try lite.store.sampleNames() == pg.store.sampleNames())
        #expect(try lite.store.sampleNames() == back.store.sampleNames())
        #expect(try back.store.verify().sampleDays == 11)
        for t in [pg, back] {
            #expect(try t.store.snapshot(of: "north").routes == lite.store.snapshot(of: "north").routes)
            #expect(try await t.service.gates(of: "north", as: t.by()) == lite.service.gates(of: "north", as: lite.by()))
            #expect(try t.store.metricSummaries() == lite.store.metricSummaries())
        }
        // A store that is not empty is never written over.
        #expect(throws: StoreError.self) { try StoreCopy.copy(from: lite.store, to: pg.store) }
        #expect(try pg.store.journalRows() == lite.store.journalRows())
    }
}
