import Engine
import Foundation

// migrate-bench: the release `migrate` against the sqlite3 shell and DuckDB on a generated fleet (see BENCHMARKS.md).
// Usage: migrate-bench [--dir DIR] [--chargers N] [--days D] [--migrate PATH] [--reuse yes]
//        migrate-bench --scale 1000,10000,100000 [--dir DIR]        (days: 30, 7 from 100,000 chargers)
//        migrate-bench ocpp [--mb SIZE] ...   `migrate ocpp kpis` against jq (OCPPBench.swift)
//        migrate-bench preflight [--chargers N] ...   per-charger preflight totals against sqlite3 (PreflightBench.swift)
//        migrate-bench postgres --url postgres://...   the store on PostgreSQL against psql \copy and SQLite (BenchPostgres.swift)

if CommandLine.arguments.dropFirst().first == "ocpp" {
    try OCPPBench.main(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "postgres" {
    do { try BenchPostgres.main(Array(CommandLine.arguments.dropFirst(2))) } catch { print("migrate-bench: \(error)"); exit(1) }
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "preflight" {
    try PreflightBench.main(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

var options: [String: String] = [:]
var argv = CommandLine.arguments.dropFirst()
let usage = "usage: migrate-bench [--dir DIR] [--chargers N] [--days D] [--migrate PATH] [--reuse yes] | --scale N,N,... [--dir DIR]"
while let key = argv.popFirst() {
    guard key.hasPrefix("--"), let value = argv.popFirst() else { print(usage); exit(2) }
    options[String(key.dropFirst(2))] = value
}
let dir = options["dir"] ?? "/tmp/migrate-bench"
let executableDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
let migrateBinary = options["migrate"] ?? "\(executableDir)/migrate"
guard FileManager.default.isExecutableFile(atPath: migrateBinary) else { print("migrate-bench needs the migrate binary (\(migrateBinary)): swift build -c release"); exit(1) }
guard let sqlite3 = BenchShell.which("sqlite3") else { print("migrate-bench needs the sqlite3 shell (apt-get install sqlite3)"); exit(1) }
guard let python = BenchDuckDB.find() else { print("migrate-bench needs python3 with duckdb (python3 -m pip install duckdb)"); exit(1) }
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
let firstDay: Int64 = 1_792_454_400 // 2026-10-19T00:00:00Z

do {
    if let sizes = options["scale"] {
        let counts = sizes.split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty else { print(usage); exit(2) }
        try BenchScaling(dir: dir, migrate: migrateBinary, firstDay: firstDay).run(counts)
    } else {
        try BenchComparison(dir: dir, migrate: migrateBinary, sqlite3: sqlite3, python: python, firstDay: firstDay,
                            chargers: Int(options["chargers"] ?? "") ?? 10_000, days: Int(options["days"] ?? "") ?? 30,
                            reuse: options["reuse"] != nil).run()
    }
} catch {
    print("migrate-bench: \(error)")
    exit(1)
}
