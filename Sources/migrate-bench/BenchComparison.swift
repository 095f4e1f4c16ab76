import Engine
import Foundation
import Gates
import Store

/// The default run: import and gates of one data set, migrate beside the sqlite3 shell and DuckDB.
struct BenchComparison {
    let dir: String
    let migrate: String
    let sqlite3: String
    let python: String
    let firstDay: Int64
    let chargers: Int
    let days: Int
    let reuse: Bool

    func run() throws {
        let data = try BenchData(dir: dir, chargers: chargers, days: days, firstDay: firstDay)
        let store = BenchStore(migrate: migrate, db: "\(dir)/bench.db", dir: dir, now: ISOTime.format(data.now),
                               created: ISOTime.format(Date(timeIntervalSince1970: Double(firstDay))))
        let rawPath = "\(dir)/raw.db"
        let duck = BenchDuckDB(python: python, database: "\(dir)/raw.duckdb")
        let reused = reuse && [store.db, rawPath, duck.database].allSatisfy { FileManager.default.fileExists(atPath: $0) }
        var imports: [(String, BenchShell.Run)] = []
        if !reused {
            try store.create(fleet: data.fleet)
            imports.append(("migrate metrics import", try store.run(["metrics", "import", "--json", data.csv])))
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: rawPath + suffix) }
            _ = try BenchShell.run(sqlite3, [rawPath], input: "CREATE TABLE samples (time TEXT, charger TEXT, metric TEXT, value REAL);\n")
            imports.append(("sqlite3 .import, plain table", try BenchShell.run(sqlite3, [rawPath], input: ".import --csv --skip 1 \(data.csv) samples\n")))
            imports.append(("DuckDB read_csv into a table", try duck.importCSV(data.csv)))
        }

        // Gates, in process: open the store, the totals of the four gates and MetricMath; median of 7.
        let window = EvidenceWindow(start: data.window.start, end: data.window.end)
        let pilot = data.fleet.pilot, legacy = data.fleet.legacy
        var inProcess: [Double] = [], inProcessCPU: [Double] = []
        var outcomes: [BenchGates.Outcome] = []
        for _ in 0..<7 {
            let cpu = processCPU()
            let (result, seconds) = try measure { () throws -> [BenchGates.Outcome] in
                try BenchGates.evaluate(store: try MigrateStore(path: store.db), pilot: pilot, legacy: legacy, window: window)
            }
            outcomes = result
            inProcess.append(seconds)
            inProcessCPU.append(processCPU() - cpu)
        }
        // Gates, whole process: `migrate gates bench --json`; median of 7.
        let wholeProcess = try store.time(["gates", "bench", "--json"], runs: 7)
        // Process start alone: `migrate --version` (no store opened); median of 7.
        let starts = try (0..<7).map { _ in try BenchShell.run(migrate, ["--version"]) }
        let start = (median(starts.map(\.seconds)), median(starts.map(\.cpu)))

        // The anchors: one query over the raw samples computing the same sums and counts for both groups.
        let groupsCSV = "\(dir)/groups-\(chargers).csv"
        try (pilot.map { "\($0),pilot" } + legacy.map { "\($0),legacy" }).joined(separator: "\n").appending("\n")
            .write(toFile: groupsCSV, atomically: true, encoding: .utf8)
        let shell = try BenchSQLite(sqlite3: sqlite3, database: rawPath).gates(groupsCSV: groupsCSV, start: ISOTime.format(window.start),
                                                                                end: ISOTime.format(window.end), names: BenchGates.names)
        try duck.loadGroups(groupsCSV)
        let duckGates = try duck.gates(start: ISOTime.format(window.start), end: ISOTime.format(window.end), names: BenchGates.names, runs: 5)

        var mismatches: [String] = []
        for (anchor, rows) in [("sqlite3", shell.rows), ("DuckDB", duckGates.rows)] {
            for o in outcomes {
                for (side, totals) in [("pilot", o.groupTotals), ("legacy", o.controlTotals)] {
                    guard let totals else { continue }
                    for (name, sum) in totals.sums {
                        let raw = rows["\(side)|\(name)"] ?? (0, 0)
                        if abs(raw.0 - sum) > 1e-6 * max(1, abs(sum)) || raw.1 != totals.counts[name] {
                            mismatches.append("\(anchor) \(side) \(name): store \(sum)/\(totals.counts[name] ?? 0), \(anchor) \(raw.0)/\(raw.1)")
                        }
                    }
                }
            }
        }
        BenchReport.comparison(data: data, build: BenchBuild.describe(migrate), imports: imports, reused: reused, duckVersion: duck.version(),
                               inProcess: (median(inProcess), median(inProcessCPU), inProcess[0]), wholeProcess: wholeProcess, start: start,
                               shell: (shell.seconds, shell.cpu), duck: (duckGates.seconds, duckGates.cpu), mismatches: mismatches,
                               outcomes: outcomes, pilot: pilot.count, legacy: legacy.count)
    }
}
