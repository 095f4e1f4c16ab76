import Engine
import Foundation

/// `migrate-bench postgres --url postgres://USER:PASSWORD@HOST:PORT/DB [--dir DIR] [--chargers N] [--days D]`: the
/// store on PostgreSQL beside `psql \copy` into a plain table and one SQL query over it, and beside the SQLite
/// store, on the default data set (10,000 chargers, 30 days), side by side in one run (BENCHMARKS.md).
///
/// `--url` names a server and a database the bench may create databases from (`migrate_bench_store`,
/// `migrate_bench_raw`, dropped and made afresh). Wall times are measured around each whole process; CPU times are
/// the client's (the server's work is in the wall time).
struct BenchPostgres {
    let dir: String
    let migrate: String
    let psql: String
    let server: URL
    let firstDay: Int64
    let chargers: Int
    let days: Int

    static func main(_ arguments: [String]) throws {
        var options: [String: String] = [:]
        var argv = arguments[...]
        while let key = argv.popFirst() {
            guard key.hasPrefix("--"), let value = argv.popFirst() else { throw BenchError("usage: migrate-bench postgres --url postgres://... [--dir DIR] [--chargers N] [--days D]") }
            options[String(key.dropFirst(2))] = value
        }
        guard let text = options["url"] ?? ProcessInfo.processInfo.environment["MIGRATE_TEST_POSTGRES"], let url = URL(string: text) else {
            throw BenchError("migrate-bench postgres needs --url postgres://USER:PASSWORD@HOST:PORT/DB (or MIGRATE_TEST_POSTGRES)")
        }
        guard let psql = BenchShell.which("psql") else { throw BenchError("migrate-bench postgres needs psql (apt-get install postgresql-client)") }
        let dir = options["dir"] ?? "/tmp/migrate-bench"
        let executableDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let migrate = options["migrate"] ?? "\(executableDir)/migrate"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try BenchPostgres(dir: dir, migrate: migrate, psql: psql, server: url, firstDay: 1_792_454_400,
                          chargers: Int(options["chargers"] ?? "") ?? 10_000, days: Int(options["days"] ?? "") ?? 30).run()
    }

    /// The server's URL with another database.
    func database(_ name: String) -> String {
        var c = URLComponents(url: server, resolvingAgainstBaseURL: false)!
        c.path = "/" + name
        var items = (c.queryItems ?? []).filter { $0.name != "sslmode" }
        items.append(URLQueryItem(name: "sslmode", value: "disable"))
        c.queryItems = items
        return c.string!
    }

    @discardableResult
    func sql(_ database: String, _ command: String) throws -> BenchShell.Run {
        try BenchShell.run(psql, [database, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-c", command])
    }

    func run() throws {
        let data = try BenchData(dir: dir, chargers: chargers, days: days, firstDay: firstDay)
        let admin = database(server.path.split(separator: "/").last.map(String.init) ?? "postgres")
        for name in ["migrate_bench_store", "migrate_bench_raw"] {
            try sql(admin, "DROP DATABASE IF EXISTS \(name)")
            try sql(admin, "CREATE DATABASE \(name)")
        }
        let now = ISOTime.format(data.now), created = ISOTime.format(Date(timeIntervalSince1970: Double(firstDay)))
        let pg = BenchStore(migrate: migrate, db: database("migrate_bench_store"), dir: dir, now: now, created: created)
        let lite = BenchStore(migrate: migrate, db: "\(dir)/bench-pg-side.db", dir: dir, now: now, created: created)
        let raw = database("migrate_bench_raw")

        // Imports: the store on PostgreSQL, psql \copy into a plain table, the SQLite store; whole processes.
        try pg.create(fleet: data.fleet)
        let pgImport = try pg.run(["metrics", "import", "--json", data.csv])
        try sql(raw, "CREATE TABLE samples (time TIMESTAMPTZ, charger TEXT, metric TEXT, value DOUBLE PRECISION)")
        let copy = try sql(raw, "\\copy samples FROM '\(data.csv)' WITH (FORMAT csv, HEADER true)")
        try lite.create(fleet: data.fleet)
        let liteImport = try lite.run(["metrics", "import", "--json", data.csv])

        // Gates: `migrate gates bench --json` on each store (median of 7), and one SQL query over the plain table
        // computing the same sums and counts for the pilot and the rest (median of 5, planned with the table analyzed).
        let pgGates = try pg.time(["gates", "bench", "--json"], runs: 7)
        let liteGates = try lite.time(["gates", "bench", "--json"], runs: 7)
        let same = try pg.run(["gates", "bench", "--json"]).output == lite.run(["gates", "bench", "--json"]).output
        let groupsCSV = "\(dir)/groups-\(chargers).csv"
        let pilot = data.fleet.pilot, legacy = data.fleet.legacy
        try (pilot.map { "\($0),pilot" } + legacy.map { "\($0),legacy" }).joined(separator: "\n").appending("\n")
            .write(toFile: groupsCSV, atomically: true, encoding: .utf8)
        try sql(raw, "CREATE TABLE grp (charger TEXT PRIMARY KEY, side TEXT)")
        try sql(raw, "\\copy grp FROM '\(groupsCSV)' WITH (FORMAT csv)")
        try sql(raw, "ANALYZE")
        let (start, end) = (ISOTime.format(data.window.start), ISOTime.format(data.window.end))
        let query = """
            SELECT g.side, s.metric, SUM(s.value), COUNT(*) FROM samples s JOIN grp g ON g.charger = s.charger
            WHERE s.time >= '\(start)' AND s.time < '\(end)' AND s.metric IN (\(BenchGates.names.map { "'\($0)'" }.joined(separator: ",")))
            GROUP BY g.side, s.metric ORDER BY 1, 2
            """
        var queryRuns: [Double] = []
        var rows = ""
        for _ in 0..<5 {
            let r = try sql(raw, query)
            queryRuns.append(r.seconds)
            rows = r.output
        }

        func line(_ what: String, _ r: (seconds: Double, cpu: Double, peakBytes: Int)) -> String {
            String(format: "| %@ | %.2f s | %.2f s | %@ |", what, r.seconds, r.cpu, megabytes(r.peakBytes))
        }
        print("PostgreSQL beside SQLite: \(data.fleet.chargers.count) chargers, \(days) days, \(data.samples) samples (\(megabytes(data.csvBytes)) CSV)")
        print("\n| import, whole process | wall | client CPU | client peak |\n|---|---|---|---|")
        print(line("`migrate metrics import` on PostgreSQL", (pgImport.seconds, pgImport.cpu, pgImport.peakBytes)))
        print(line("`psql \\copy` into a plain table", (copy.seconds, copy.cpu, copy.peakBytes)))
        print(line("`migrate metrics import` on SQLite", (liteImport.seconds, liteImport.cpu, liteImport.peakBytes)))
        print("\n| gates of the pilot (4 gates, \(pilot.count) chargers and \(legacy.count) as control), whole process | wall | client CPU | client peak |\n|---|---|---|---|")
        print(line("`migrate gates bench --json` on PostgreSQL, median of 7", pgGates))
        print(line("`migrate gates bench --json` on SQLite, median of 7", liteGates))
        print(line("one SQL query over the plain table (psql), median of 5", (median(queryRuns), 0, 0)))
        print(String(format: "\nimport: PostgreSQL store / \\copy = %.2f; gates: PostgreSQL / SQLite = %.2f, plain query / PostgreSQL = %.1f",
                     pgImport.seconds / copy.seconds, pgGates.seconds / liteGates.seconds, median(queryRuns) / pgGates.seconds))
        print("gate results identical on both stores: \(same ? "yes" : "NO")")
        print("plain query rows (side|metric|sum|count):\n\(rows)")
    }
}
