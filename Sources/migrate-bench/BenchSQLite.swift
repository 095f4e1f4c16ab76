import Foundation

/// The sqlite3 shell's side of the gates: one query over the raw samples, timed with `.timer on`, median of 3.
struct BenchSQLite {
    let sqlite3: String
    let database: String

    func gates(groupsCSV: String, start: String, end: String, names: [String]) throws -> (rows: [String: (Double, Int)], seconds: Double, cpu: Double) {
        _ = try BenchShell.run(sqlite3, [database], input: """
            DROP TABLE IF EXISTS grp; CREATE TABLE grp (charger TEXT PRIMARY KEY, side TEXT) WITHOUT ROWID;
            .import --csv \(groupsCSV) grp

            """)
        let query = """
            SELECT g.side, s.metric, TOTAL(s.value), COUNT(*) FROM samples s JOIN grp g ON g.charger = s.charger
            WHERE s.time >= '\(start)' AND s.time < '\(end)' AND s.metric IN (\(names.map { "'\($0)'" }.joined(separator: ",")))
            GROUP BY g.side, s.metric ORDER BY 1, 2;
            """
        var runs: [Double] = [], cpus: [Double] = []
        var rows: [String: (Double, Int)] = [:]
        for _ in 0..<3 {
            for line in try BenchShell.run(sqlite3, ["-csv", database], input: ".timer on\n" + query + "\n").output.split(separator: "\n") {
                if line.hasPrefix("Run Time: real ") {
                    let parts = line.split(separator: " ") // Run Time: real R user U sys S
                    runs.append(Double(parts[3]) ?? 0)
                    cpus.append((Double(parts[5]) ?? 0) + (Double(parts[7]) ?? 0))
                } else {
                    let f = line.split(separator: ",")
                    if f.count == 4 { rows["\(f[0])|\(f[1])"] = (Double(f[2]) ?? -1, Int(f[3]) ?? -1) }
                }
            }
        }
        return (rows, median(runs), median(cpus))
    }
}
