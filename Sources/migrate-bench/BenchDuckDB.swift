import Foundation

/// DuckDB (PyPI `duckdb`, through python3) as the anchor: `read_csv` of the samples into a table of a DuckDB
/// file, timed as a whole process with its peak memory; and one query over the raw samples computing the
/// gates' sums and counts for both groups, timed inside its process (open the file, run the query).
struct BenchDuckDB {
    let python: String
    let database: String

    /// Python 3 with `duckdb`, or nil (the bench then says how to install it).
    static func find() -> String? {
        guard let python = BenchShell.which("python3"),
              let run = try? BenchShell.run(python, ["-c", "import duckdb; print(duckdb.__version__)"], allowFailure: true),
              !run.output.isEmpty else { return nil }
        return python
    }

    func version() -> String {
        ((try? BenchShell.run(python, ["-c", "import duckdb; print(duckdb.__version__)"]).output) ?? "?")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Imports `csv` into a new file; the whole process.
    func importCSV(_ csv: String) throws -> BenchShell.Run {
        for suffix in ["", ".wal"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        return try BenchShell.run(python, ["-c", """
            import duckdb, sys
            con = duckdb.connect(sys.argv[1])
            con.execute("CREATE TABLE samples AS SELECT * FROM read_csv(?, header = true, columns = {'time': 'TIMESTAMPTZ', 'charger': 'VARCHAR', 'metric': 'VARCHAR', 'value': 'DOUBLE'})", [sys.argv[2]])
            con.close()
            """, database, csv])
    }

    /// Loads the two groups (charger,side lines) into a table beside the samples.
    func loadGroups(_ groupsCSV: String) throws {
        _ = try BenchShell.run(python, ["-c", """
            import duckdb, sys
            con = duckdb.connect(sys.argv[1])
            con.execute("CREATE OR REPLACE TABLE grp AS SELECT * FROM read_csv(?, header = false, columns = {'charger': 'VARCHAR', 'side': 'VARCHAR'})", [sys.argv[2]])
            con.close()
            """, database, groupsCSV])
    }

    /// The query's rows (`side|metric` → sum, count) and the median of `runs` timings of open + query, in seconds.
    func gates(start: String, end: String, names: [String], runs: Int) throws -> (rows: [String: (Double, Int)], seconds: Double, cpu: Double) {
        let list = names.map { "'\($0)'" }.joined(separator: ",")
        let run = try BenchShell.run(python, ["-c", """
            import duckdb, sys, time
            query = \"\"\"SELECT g.side, s.metric, SUM(s.value), COUNT(*) FROM samples s JOIN grp g ON g.charger = s.charger
            WHERE s.time >= TIMESTAMPTZ '\(start)' AND s.time < TIMESTAMPTZ '\(end)' AND s.metric IN (\(list))
            GROUP BY g.side, s.metric ORDER BY 1, 2\"\"\"
            for _ in range(\(runs)):
                t0 = time.perf_counter(); c0 = time.process_time()
                con = duckdb.connect(sys.argv[1], read_only = True)
                rows = con.execute(query).fetchall()
                con.close()
                print("time", time.perf_counter() - t0, time.process_time() - c0)
            for r in rows: print("row", r[0], r[1], repr(float(r[2])), r[3])
            """, database])
        var rows: [String: (Double, Int)] = [:]
        var times: [Double] = [], cpus: [Double] = []
        for line in run.output.split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.first == "time", f.count == 3 { times.append(Double(f[1]) ?? 0); cpus.append(Double(f[2]) ?? 0) }
            if f.first == "row", f.count == 5 { rows["\(f[1])|\(f[2])"] = (Double(f[3]) ?? -1, Int(f[4]) ?? -1) }
        }
        guard !times.isEmpty else { throw BenchError("the DuckDB query printed no timing: \(run.output)") }
        return (rows, median(times), median(cpus))
    }
}
