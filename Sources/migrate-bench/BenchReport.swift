import Gates
import Engine
import Foundation

/// What the bench prints.
enum BenchReport {
    static func comparison(data: BenchData, build: String, imports: [(String, BenchShell.Run)], reused: Bool, duckVersion: String,
                           inProcess: (wall: Double, cpu: Double, first: Double), wholeProcess: (seconds: Double, cpu: Double, peakBytes: Int),
                           start: (seconds: Double, cpu: Double),
                           shell: (seconds: Double, cpu: Double), duck: (seconds: Double, cpu: Double), mismatches: [String],
                           outcomes: [BenchGates.Outcome], pilot: Int, legacy: Int) {
        func ms(_ s: Double) -> String { String(format: "%8.1f ms", s * 1000) }
        print("""

            migrate-bench: \(data.fleet.chargers.count) chargers, \(data.days) days, \(data.samples) samples \
            (\(data.csvBytes / 1_000_000) MB CSV), \(ProcessInfo.processInfo.activeProcessorCount) cores, DuckDB \(duckVersion)
            measured: \(build)
            (wall time depends on what else runs on the machine; CPU time, user + system, much less)

            """)
        if reused {
            print("import: reused the stores of the last run\n")
        } else {
            print("import (whole processes)               wall s   CPU s   peak memory   throughput (wall)")
            for (name, run) in imports {
                let label = name.padding(toLength: 36, withPad: " ", startingAt: 0)
                let peak = String(repeating: " ", count: max(0, 10 - megabytes(run.peakBytes).count)) + megabytes(run.peakBytes)
                print("  " + label + String(format: "%7.2f %7.2f ", run.seconds, run.cpu) + peak
                      + String(format: "   %.0f samples/s", Double(data.samples) / run.seconds))
            }
            if imports.count == 3 {
                let m = imports[0].1
                print(String(format: "  migrate vs sqlite3: %.2f× as fast (wall), %.2f× (CPU); vs DuckDB: %.2f× (wall), %.2f× (CPU)",
                             imports[1].1.seconds / m.seconds, imports[1].1.cpu / m.cpu, imports[2].1.seconds / m.seconds, imports[2].1.cpu / m.cpu))
            }
        }
        print("""

            gates: 4 metric gates (1 compare_to), 7-day window ending \(ISOTime.format(data.now))
            pilot \(pilot) chargers vs legacy \(legacy) chargers
                                                             wall          CPU
              migrate gates bench --json (whole process)  \(ms(wholeProcess.seconds))  \(ms(wholeProcess.cpu))   peak \(megabytes(wholeProcess.peakBytes)), median of 7
              migrate --version (process start alone)     \(ms(start.seconds))  \(ms(start.cpu))   median of 7
              migrate in process (open store, totals)     \(ms(inProcess.wall))  \(ms(inProcess.cpu))   median of 7 (first \(String(format: "%.1f", inProcess.first * 1000)) ms)
              DuckDB, one query (open + query, in process)\(ms(duck.seconds))  \(ms(duck.cpu))   median of 5
              sqlite3, one query over the raw samples     \(ms(shell.seconds))  \(ms(shell.cpu))   median of 3
              DuckDB vs migrate whole process             \(String(format: "%8.1f×     %8.1f×", duck.seconds / wholeProcess.seconds, duck.cpu / wholeProcess.cpu))
              DuckDB vs migrate in process                \(String(format: "%8.1f×     %8.1f×", duck.seconds / inProcess.wall, duck.cpu / inProcess.cpu))
              sqlite3 vs migrate in process               \(String(format: "%8.1f×", shell.seconds / inProcess.wall))
              same numbers                                \(mismatches.isEmpty ? "yes (sqlite3 and DuckDB)" : "NO: " + mismatches.joined(separator: "; "))

            """)
        for o in outcomes {
            let v = o.group.value.map { String(format: "%.4f", $0) } ?? "-"
            let c = o.control?.value.map { String(format: " (legacy %.4f)", $0) } ?? ""
            print("  \(o.gate): \(v) over \(o.group.chargers) chargers, \(String(format: "%.0f", o.group.samples ?? 0)) samples\(c)")
        }
    }
}
