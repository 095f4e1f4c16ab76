import Application
import Engine
import Foundation
import Gates
import Playbook
import Store
import Testing

/// Gates read their samples together (one read per window and group) and cohorts judged at the same instant share
/// the `compare_to` group's read, with the numbers a read per gate gives.
@Suite struct SharedGateReadsTests {
    /// Counts the sample reads of the real store it forwards to.
    final class CountingSamples: SampleSource, @unchecked Sendable {
        let store: any SampleSource
        private let lock = NSLock()
        private(set) var reads: [(names: [String], chargers: Int)] = []
        init(_ store: any SampleSource) { self.store = store }
        func totals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> SampleTotals {
            lock.withLock { reads.append((names, chargers.count)) }
            return try store.totals(of: names, chargers: chargers, window: window)
        }
        func dailyTotals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [(day: Date, totals: SampleTotals)] {
            try store.dailyTotals(of: names, chargers: chargers, window: window)
        }
        func totalsByCharger(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [String: SampleTotals] {
            try store.totalsByCharger(of: names, chargers: chargers, window: window)
        }
        func chargersSeen(_ chargers: [String], window: EvidenceWindow) throws -> Set<String> {
            try store.chargersSeen(chargers, window: window)
        }
    }

    static let playbook = """
        playbook: shared-reads
        version: 1
        backends:
          legacy: wss://legacy.example/ocpp
          target: wss://target.example/ocpp
        from: legacy
        to: target
        metrics:
          started: { ratio: [session.started, session.attempted] }
          drops: { per_charger_day: connection.dropped }
          remote: { ratio: [remote.succeeded, remote.requested] }
        phases:
          - name: pilot
            scope: { share: 50% }
            gates:
              - { metric: started, at_least: 0.5, window: 3d }
              - { metric: drops, at_most: 5, window: 3d }
              - { metric: remote, at_least: 0.1, window: 3d, compare_to: legacy, max_drop: 0.5 }
          - name: fleet
            scope: all
        plans:
          rollback:
            - route: legacy
        """

    @Test func gatesReadTogetherAndCohortsShareTheControlGroup() async throws {
        let t = try TemporaryStore(.sqlite)
        _ = try t.service.importFleet(csv: fleetCSV(chargers(12)), file: "fleet.csv", as: t.by())
        for (name, site) in [("north", "s1"), ("south", "s2")] {
            _ = try await t.service.createCohort(name, playbook: PlaybookSource(text: Self.playbook, file: "p.yaml"),
                                                 selector: CohortSelector(conditions: [try CohortSelector.condition(parsing: "site=\(site)")]), reason: nil, as: t.by())
        }
        var csv = "time,charger,metric,value\n"
        for day in 0..<4 {
            for (i, c) in chargers(12).enumerated() {
                let at = ISOTime.format(t0.addingTimeInterval(Double(day * 86_400 + 3_600 + i * 60)))
                for (metric, value) in [("session.attempted", 10 + i), ("session.started", 9 + i % 3), ("connection.dropped", i % 4),
                                        ("remote.requested", 4), ("remote.succeeded", 3 + i % 2)] {
                    csv += "\(at),\(c.id),\(metric),\(value)\n"
                }
            }
        }
        let file = t.directory.appendingPathComponent("samples.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
        _ = try t.store.importMetrics(path: file, actor: "test", at: t0, simulated: true, skipUnknown: false)

        let now = t0.addingTimeInterval(3 * 86_400 + 7_200)
        let counting = CountingSamples(t.store)
        let runner = CohortRunner(store: t.store, samples: counting, invocation: t.by(at: now))
        let reads = GateReads()
        for name in ["north", "south"] {
            let snapshot = try t.store.snapshot(of: name)
            let report = try await runner.gateReport(for: snapshot, now: now, reads: reads)
            // Each gate's numbers are those of a read of its own.
            let group = snapshot.chargers.map(\.id).filter { snapshot.routes[$0] == "target" }
            let legacy = try t.store.chargerIDs(routedTo: "legacy", includeUnrouted: true)
            #expect(!group.isEmpty && !legacy.isEmpty)
            for (gate, result) in zip(snapshot.machine.phase.gates, report.gates) {
                guard case let .metric(g) = gate.kind, let form = snapshot.playbook.metric(named: g.metric)?.form else {
                    Issue.record("not a metric gate")
                    continue
                }
                let window = g.window(now: now, enteredAt: snapshot.cohort.enteredAt)
                let alone = MetricMath.measure(form, totals: try t.store.totals(of: form.sampleNames, chargers: group, window: window),
                                               chargers: group.count, window: window)
                #expect(result.value == alone.value && result.samples == alone.samples && result.chargers == group.count, "\(name) \(g.metric)")
                #expect(alone.value != nil, "\(name) \(g.metric) has samples")
                if g.compareTo != nil {
                    let control = MetricMath.measure(form, totals: try t.store.totals(of: form.sampleNames, chargers: legacy, window: window),
                                                     chargers: legacy.count, window: window)
                    #expect(result.control?.value == control.value && result.control?.samples == control.samples
                            && result.control?.chargers == legacy.count, "\(name) \(g.metric) against legacy")
                }
            }
        }
        // One read of the group per cohort (all five sample names), one of the legacy group for both.
        #expect(counting.reads.count == 3, "\(counting.reads)")
        #expect(counting.reads.filter { $0.names.count == 5 }.count == 2)
    }
}
