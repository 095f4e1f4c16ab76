import Engine
import Foundation
import Gates
import Store

/// `migrate-bench preflight [--dir DIR] [--chargers N] [--runs R]`: a phase's preflight over a whole cohort, the
/// store's per-charger totals (`totalsByCharger`, `chargersSeen`) against the same grouped queries in the sqlite3 shell
/// over a plain indexed table of the same samples, and against asking the group totals one charger at a time.
enum PreflightBench {
    static func main(_ arguments: [String]) throws {
        var options: [String: String] = [:]
        var argv = arguments[...]
        while let key = argv.popFirst() {
            guard key.hasPrefix("--"), let value = argv.popFirst() else { print("usage: migrate-bench preflight [--dir DIR] [--chargers N] [--runs R]"); exit(2) }
            options[String(key.dropFirst(2))] = value
        }
        let dir = options["dir"] ?? "/tmp/migrate-bench-preflight"
        let count = Int(options["chargers"] ?? "") ?? 10_000
        let runs = max(1, Int(options["runs"] ?? "") ?? 3)
        guard let sqlite3 = BenchShell.which("sqlite3") else { print("needs the sqlite3 shell (apt-get install sqlite3)"); exit(1) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)

        // A week of legacy evidence: every charger reports a connection each hour; one in twenty drops a few times a day.
        let first: Int64 = 1_792_454_400 // 2026-10-19T00:00:00Z
        let fleet = BenchFleet(count: count)
        let csv = "\(dir)/legacy-\(count).csv"
        var lines = ["time,charger,metric,value"]
        lines.reserveCapacity(count * 7 * 26)
        for (i, c) in fleet.chargers.enumerated() {
            for hour in 0..<(7 * 24) {
                let t = first + Int64(hour) * 3_600 + Int64((i * 37 + hour * 11) % 3_600)
                lines.append("\(t),\(c.id),connection.established,1")
                if i % 20 == 0, hour % 6 == 0 { lines.append("\(t + 1),\(c.id),connection.dropped,1") }
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let samples = lines.count - 1

        let storePath = "\(dir)/store.db", rawPath = "\(dir)/raw.db"
        for p in [storePath, rawPath] { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: p + s) } }
        let store = try MigrateStore(path: storePath)
        try store.append([NewEntry(at: Date(), cohort: nil, actor: "bench", reason: nil, simulated: true,
                                   event: .fleetImported(.init(file: "bench", digest: "bench", chargers: fleet.chargers, added: count, updated: 0)))],
                         if: .none)
        _ = try store.importMetrics(path: csv, actor: "bench", at: Date(), simulated: true, skipUnknown: false)
        _ = try BenchShell.run(sqlite3, [rawPath], input: """
            CREATE TABLE samples (time INTEGER, charger TEXT, metric TEXT, value REAL);
            .mode csv
            .import --skip 1 \(csv) samples
            CREATE INDEX samples_metric_time ON samples (metric, time, charger, value);
            CREATE INDEX samples_time ON samples (time, charger);
            ANALYZE;
            """)

        // The preflight at noon of the eighth day: a 7-day lookback and a 24-hour seen_within, both with partial edge days.
        let now = Date(timeIntervalSince1970: Double(first + 7 * 86_400 + 43_200))
        let lookback = EvidenceWindow(start: now.addingTimeInterval(-7 * 86_400), end: now)
        let recent = EvidenceWindow(start: now.addingTimeInterval(-86_400), end: now)
        let ids = fleet.chargers.map(\.id)
        let s0 = Int64(lookback.start.timeIntervalSince1970), s1 = Int64(recent.start.timeIntervalSince1970), e = Int64(now.timeIntervalSince1970)

        var storeTimes: [Double] = [], shellTimes: [Double] = []
        var totals: [String: SampleTotals] = [:], seen = Set<String>()
        var shellOutput = ""
        for _ in 0..<runs {
            let (result, took) = try measure {
                (try store.totalsByCharger(of: ["connection.dropped"], chargers: ids, window: lookback), try store.chargersSeen(ids, window: recent))
            }
            (totals, seen) = result
            storeTimes.append(took)
            let shell = try BenchShell.run(sqlite3, [rawPath], input: """
                SELECT charger, SUM(value), COUNT(*) FROM samples WHERE metric = 'connection.dropped' AND time >= \(s0) AND time < \(e) GROUP BY charger;
                SELECT COUNT(DISTINCT charger) FROM samples WHERE time >= \(s1) AND time < \(e);
                """)
            shellOutput = shell.output
            shellTimes.append(shell.seconds)
        }
        // One charger at a time through the group totals, on a sample of 500, scaled to the cohort.
        let sample = Array(ids.prefix(500))
        let (_, naive) = try measure {
            for id in sample {
                _ = try store.totals(of: ["connection.dropped"], chargers: [id], window: lookback)
                _ = try store.totals(of: ["connection.established", "connection.dropped"], chargers: [id], window: recent)
            }
        }

        // Both sides must agree before their times mean anything.
        let rows = shellOutput.split(separator: "\n").map { $0.split(separator: "|") }
        let shellDrops = Dictionary(uniqueKeysWithValues: rows.filter { $0.count == 3 }.map { (String($0[0]), Double($0[1])!) })
        let storeDrops = totals.compactMapValues { $0.sums["connection.dropped"] }.filter { $0.value > 0 }
        let shellSeen = rows.last.flatMap { $0.count == 1 ? Int($0[0]) : nil } ?? -1
        guard shellDrops == storeDrops, shellSeen == seen.count else {
            throw BenchError("the store and the shell disagree: \(storeDrops.count) vs \(shellDrops.count) chargers with drops, \(seen.count) vs \(shellSeen) seen")
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        print("preflight of \(count) chargers over \(samples) samples (7d lookback, 24h seen_within), median of \(runs) runs:")
        print(String(format: "  migrate (totalsByCharger + chargersSeen)   %8.1f ms", median(storeTimes) * 1000))
        print(String(format: "  sqlite3 shell, plain indexed table         %8.1f ms", median(shellTimes) * 1000))
        print(String(format: "  one charger at a time (500, scaled)        %8.1f ms", naive * Double(count) / Double(sample.count) * 1000))
        print("  \(storeDrops.count) chargers with drops, \(seen.count) seen: both sides agree")
    }
}
