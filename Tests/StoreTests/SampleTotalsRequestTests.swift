import Engine
import Foundation
import Gates
import Store
import Testing

/// Several groups' totals asked together (a pilot and its control group, the rest of the fleet) are, to the last
/// bit, what each group's own `totals` gives: with fractional values, whose sums depend on the order of addition,
/// and a window that cuts its first and last day.
@Suite struct SampleTotalsRequestTests {
    @Test(arguments: Backend.all)
    func groupsAskedTogetherGetTheirOwnTotals(backend: Backend) throws {
        let t = try TemporaryStore(backend)
        let fleet = chargers(200).map(\.id)
        _ = try t.service.importFleet(csv: fleetCSV(chargers(200)), file: "fleet.csv", as: t.by())
        var csv = "time,charger,metric,value\n"
        for day in 0..<5 {
            for (i, charger) in fleet.enumerated() {
                for hour in [1, 9, 17] {
                    let at = Int(t0.timeIntervalSince1970) + day * 86_400 + hour * 3_600 + i * 7
                    csv += "\(at),\(charger),a,\(Double(i % 13) * 0.1 + Double(hour) / 3)\n"
                    csv += "\(at),\(charger),b,\(Double(day + i % 7) * 0.7)\n"
                    if i % 3 == 0 { csv += "\(at),\(charger),c,\(i % 5)\n" }
                }
            }
        }
        let file = t.directory.appendingPathComponent("samples.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
        _ = try t.store.importMetrics(path: file, actor: "test", at: t0, simulated: true, skipUnknown: false)

        // The pilot is every fourth charger; the control group is the rest (more than half the fleet, so a store may
        // answer it as the fleet minus the pilot, the rows the pilot reads).
        let pilot = fleet.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
        let control = fleet.enumerated().filter { $0.offset % 4 != 0 }.map(\.element)
        let requests = [
            SampleTotalsRequest(names: ["a", "b", "c", "missing"], chargers: pilot),
            SampleTotalsRequest(names: ["b"], chargers: control),
            SampleTotalsRequest(names: ["a", "c"], chargers: Array(fleet.prefix(9)) + ["CP-UNKNOWN"]),
            SampleTotalsRequest(names: ["a"], chargers: []),
            SampleTotalsRequest(names: ["c", "a"], chargers: control),
        ]
        let windows = [
            EvidenceWindow(start: t0.addingTimeInterval(5 * 3_600), end: t0.addingTimeInterval(3 * 86_400 + 10 * 3_600)),
            EvidenceWindow(start: t0.addingTimeInterval(-86_400), end: t0.addingTimeInterval(6 * 86_400)),
            EvidenceWindow(start: t0.addingTimeInterval(2 * 3_600), end: t0.addingTimeInterval(10 * 3_600)),
            EvidenceWindow(start: t0.addingTimeInterval(3_600.5), end: t0.addingTimeInterval(2 * 86_400 + 0.25)),
            EvidenceWindow(start: t0.addingTimeInterval(3_600), end: t0.addingTimeInterval(3_600)),
        ]
        for window in windows {
            let together = try t.store.totals(requests, window: window)
            #expect(together.count == requests.count)
            for (request, answer) in zip(requests, together) {
                let alone = try t.store.totals(of: request.names, chargers: request.chargers, window: window)
                #expect(answer == alone, "\(request.names) of \(request.chargers.count) chargers over \(window)")
                for name in request.names {
                    #expect(answer.sums[name]?.bitPattern == alone.sums[name]?.bitPattern, "\(name) bit for bit")
                }
            }
        }
        // The numbers are real: the pilot's first window has samples of every metric it has, none of the missing one.
        let first = try t.store.totals(requests, window: windows[0])[0]
        #expect(first.counts["a"] == 50 * 10 && first.counts["missing"] == 0 && (first.sums["b"] ?? 0) > 0)
    }
}
