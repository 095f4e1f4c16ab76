import Engine
import Foundation
import Gates
import Store

// migrate-bench: the built-in metric store against the sqlite3 shell, on a generated fleet.
// Usage: migrate-bench [--dir DIR] [--chargers N] [--days D] [--migrate PATH]   (build with -c release)
//        migrate-bench ocpp [--mb SIZE] ...   `migrate ocpp kpis` against jq (OCPPBench.swift)

if CommandLine.arguments.dropFirst().first == "ocpp" {
    try OCPPBench.main(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

var options: [String: String] = [:]
var argv = CommandLine.arguments.dropFirst()
while let key = argv.popFirst() {
    guard key.hasPrefix("--"), let value = argv.popFirst() else { print("usage: migrate-bench [--dir DIR] [--chargers N] [--days D] [--migrate PATH]"); exit(2) }
    options[String(key.dropFirst(2))] = value
}
let dir = options["dir"] ?? "/tmp/migrate-bench"
let chargerCount = Int(options["chargers"] ?? "") ?? 10_000
let days = Int(options["days"] ?? "") ?? 30
let firstDay: Int64 = 1_792_454_400 // 2026-10-19T00:00:00Z
let executableDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
let migrateBinary = options["migrate"] ?? "\(executableDir)/migrate"
guard let sqlite3 = BenchShell.which("sqlite3") else { print("migrate-bench needs the sqlite3 shell (apt-get install sqlite3)"); exit(1) }
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)

func removeDB(_ path: String) { for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
func rate(_ n: Int, _ s: Double) -> String { String(format: "%.0f samples/s", Double(n) / s) }

let fleet = BenchFleet(count: chargerCount)
let csv = "\(dir)/samples-\(chargerCount)-\(days).csv"
if !FileManager.default.fileExists(atPath: csv) {
    print("generating \(csv) ...")
    let (n, s) = try measure { try BenchSamples(fleet: fleet, days: days, firstDay: firstDay).write(to: csv + ".part") }
    try FileManager.default.moveItem(atPath: csv + ".part", toPath: csv)
    print(String(format: "  %d samples in %.1f s", n, s))
}
let csvBytes = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0

// (a) Import: the release `migrate metrics import` into a store holding the fleet, against sqlite3's `.import`.
let storePath = "\(dir)/bench.db"
let rawPath = "\(dir)/raw.db"
// `--reuse yes`: keep the stores of the previous run and measure the gates only.
let reuse = options["reuse"] != nil && FileManager.default.fileExists(atPath: storePath) && FileManager.default.fileExists(atPath: rawPath)
var imported = 0
var importSeconds = 0.0
var importHow = "reused"
var shellImportSeconds = 0.0
var importCPU = 0.0, shellImportCPU = 0.0
if !reuse {
removeDB(storePath)
do {
    let store = try MigrateStore(path: storePath)
    try store.append([NewEntry(at: Date(), cohort: nil, actor: "bench", reason: nil, simulated: true,
                               event: .fleetImported(.init(file: "bench-fleet", digest: "bench", chargers: fleet.chargers,
                                                           added: fleet.chargers.count, updated: 0)))], if: .none)
}
if FileManager.default.isExecutableFile(atPath: migrateBinary) {
    let (output, seconds, cpu) = try BenchShell.run(migrateBinary, ["metrics", "import", "--db", storePath, "--actor", "bench", "--json", csv])
    importCPU = cpu
    let reports = try JournalCoding.decoder().decode([MetricsImportReport].self, from: Data(output.utf8))
    imported = reports.first?.samples ?? 0
    importSeconds = seconds
    importHow = "\(migrateBinary) metrics import (whole process)"
} else {
    let store = try MigrateStore(path: storePath)
    let cpuBefore = processCPU()
    let (report, seconds) = try measure { try store.importMetrics(path: csv, actor: "bench", at: Date(), simulated: true) }
    importCPU = processCPU() - cpuBefore
    imported = report.samples
    importSeconds = seconds
    importHow = "MigrateStore.importMetrics in process (no migrate binary at \(migrateBinary))"
}
removeDB(rawPath)
_ = try BenchShell.run(sqlite3, [rawPath], input: "CREATE TABLE samples (time TEXT, charger TEXT, metric TEXT, value REAL);\n")
let shellImport = try BenchShell.run(sqlite3, [rawPath], input: ".import --csv --skip 1 \(csv) samples\n")
shellImportSeconds = shellImport.seconds
shellImportCPU = shellImport.cpu
}

// (b) Gates: the pilot (every tenth charger) against the legacy rest, 7 days ending at an unaligned `now`.
let now = Date(timeIntervalSince1970: Double(firstDay + Int64(days - 1) * 86_400 + 9 * 3600 + 17 * 60 + 42))
let window = EvidenceWindow(start: now.addingTimeInterval(-7 * 86_400), end: now)
let pilot = fleet.pilot, legacy = fleet.legacy
var gateRuns: [Double] = []
var gateCPU: [Double] = []
var outcomes: [BenchGates.Outcome] = []
for _ in 0..<7 {
    let cpuBefore = processCPU()
    let (result, seconds) = try measure { () throws -> [BenchGates.Outcome] in
        let (store, opening) = try measure { try MigrateStore(path: storePath) }
        if ProcessInfo.processInfo.environment["BENCH_DETAIL"] != nil { print(String(format: "  open %.1f ms", opening * 1000)) }
        return try BenchGates.evaluate(store: store, pilot: pilot, legacy: legacy, window: window)
    }
    outcomes = result
    gateRuns.append(seconds)
    gateCPU.append(processCPU() - cpuBefore)
}
let gateMedian = gateRuns.sorted()[gateRuns.count / 2]

let groupsCSV = "\(dir)/groups.csv"
try (pilot.map { "\($0),pilot" } + legacy.map { "\($0),legacy" }).joined(separator: "\n").appending("\n").write(toFile: groupsCSV, atomically: true, encoding: .utf8)
_ = try BenchShell.run(sqlite3, [rawPath], input: """
    DROP TABLE IF EXISTS grp; CREATE TABLE grp (charger TEXT PRIMARY KEY, side TEXT) WITHOUT ROWID;
    .import --csv \(groupsCSV) grp

    """)
let names = BenchGates.names.map { "'\($0)'" }.joined(separator: ",")
let query = """
    SELECT g.side, s.metric, TOTAL(s.value), COUNT(*) FROM samples s JOIN grp g ON g.charger = s.charger
    WHERE s.time >= '\(ISOTime.format(window.start))' AND s.time < '\(ISOTime.format(window.end))' AND s.metric IN (\(names))
    GROUP BY g.side, s.metric ORDER BY 1, 2;
    """
var shellRuns: [Double] = []
var shellCPU: [Double] = []
var shellRows: [String: (Double, Int)] = [:]
for _ in 0..<3 {
    let (output, _, _) = try BenchShell.run(sqlite3, ["-csv", rawPath], input: ".timer on\n" + query + "\n")
    for line in output.split(separator: "\n") {
        if line.hasPrefix("Run Time: real ") {
            let parts = line.split(separator: " ")  // Run Time: real R user U sys S
            shellRuns.append(Double(parts[3]) ?? 0)
            shellCPU.append((Double(parts[5]) ?? 0) + (Double(parts[7]) ?? 0))
        } else {
            let f = line.split(separator: ",")
            if f.count == 4 { shellRows["\(f[0])|\(f[1])"] = (Double(f[2]) ?? -1, Int(f[3]) ?? -1) }
        }
    }
}
let shellMedian = shellRuns.sorted()[shellRuns.count / 2]
let gateCPUMedian = gateCPU.sorted()[gateCPU.count / 2]
let shellCPUMedian = shellCPU.sorted()[shellCPU.count / 2]
func ms(_ s: Double) -> String { String(format: "%8.1f ms", s * 1000) }
func secs(_ s: Double) -> String { String(format: "%7.2f", s) }

// The two must agree.
var mismatches: [String] = []
for o in outcomes {
    for (side, totals) in [("pilot", o.groupTotals), ("legacy", o.controlTotals)] {
        guard let totals else { continue }
        for (name, sum) in totals.sums {
            let raw = shellRows["\(side)|\(name)"] ?? (0, 0)
            if abs(raw.0 - sum) > 1e-6 * max(1, abs(sum)) || raw.1 != totals.counts[name] { mismatches.append("\(side) \(name): store \(sum)/\(totals.counts[name] ?? 0), shell \(raw.0)/\(raw.1)") }
        }
    }
}

print("""

    migrate-bench: \(chargerCount) chargers, \(days) days, \(imported) samples (\(csvBytes / 1_000_000) MB CSV), \(ProcessInfo.processInfo.activeProcessorCount) cores
    (wall time depends on what else runs on the machine; CPU time, user + system, much less)

    import (one transaction)              wall s   CPU s   throughput (wall)
      migrate metrics import             \(secs(importSeconds))  \(secs(importCPU))   \(rate(imported, importSeconds))
      sqlite3 .import into a plain table \(secs(shellImportSeconds))  \(secs(shellImportCPU))   \(rate(imported, shellImportSeconds))
      migrate vs sqlite3                 \(String(format: "%6.2f×  %6.2f×", shellImportSeconds / importSeconds, shellImportCPU / importCPU)) as fast

    gates: 4 metric gates (1 compare_to), 7-day window ending \(ISOTime.format(now))
    pilot \(pilot.count) chargers vs legacy \(legacy.count) chargers; medians of \(gateRuns.count) and \(shellRuns.count) runs
                                                  wall         CPU
      migrate (open store, totals + MetricMath) \(ms(gateMedian))  \(ms(gateCPUMedian))   (first run \(String(format: "%.1f", gateRuns[0] * 1000)) ms wall)
      sqlite3, one query over the raw samples   \(ms(shellMedian))  \(ms(shellCPUMedian))
      speed-up                                  \(String(format: "%8.1f×     %8.1f×", shellMedian / gateMedian, shellCPUMedian / gateCPUMedian))
      same numbers                              \(mismatches.isEmpty ? "yes" : "NO: " + mismatches.joined(separator: "; "))

    """)
for o in outcomes {
    let v = o.group.value.map { String(format: "%.4f", $0) } ?? "-"
    let c = o.control?.value.map { String(format: " (legacy %.4f)", $0) } ?? ""
    print("  \(o.gate): \(v) over \(o.group.chargers) chargers, \(String(format: "%.0f", o.group.samples ?? 0)) samples\(c)")
}
print("import: \(importHow)")
