import Foundation
import OCPP

/// `migrate-bench ocpp`: `migrate ocpp kpis` against `jq -c .` on the same big frame log, side by side.
///
/// The log is made from a log recorded between real peers (tools/ocpp-peers): `copies` renamed copies of
/// its chargers run at once (each shifted by a few milliseconds, merged in time order), and the whole is
/// repeated in consecutive blocks until the file has the size asked for.
enum OCPPBench {
    static let usage = "usage: migrate-bench ocpp [--mb SIZE] [--copies N] [--runs N] [--seed-log FILE] [--dir DIR] [--migrate PATH] [--jq yes|no] [--import yes|only]"

    static func main(_ arguments: [String]) throws {
        var options: [String: String] = [:]
        var argv = arguments[...]
        while let key = argv.popFirst() {
            guard key.hasPrefix("--"), let value = argv.popFirst() else { print(usage); exit(2) }
            options[String(key.dropFirst(2))] = value
        }
        let megabytes = Int(options["mb"] ?? "") ?? 1024
        let copies = Int(options["copies"] ?? "") ?? 100
        let seedLog = options["seed-log"] ?? "Tests/OCPPTests/Fixtures/peers-seed1.jsonl"
        let dir = options["dir"] ?? "/tmp/migrate-bench"
        let migrate = options["migrate"] ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/migrate"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let log = "\(dir)/ocpp-\(megabytes)mb-\(copies).jsonl"
        if !FileManager.default.fileExists(atPath: log) {
            print("generating \(log) from \(seedLog) ...")
            let (shape, seconds) = try measure { try OCPPBenchLog(seedLog: seedLog, copies: copies).write(to: log + ".part", bytes: Int64(megabytes) << 20) }
            try FileManager.default.moveItem(atPath: log + ".part", toPath: log)
            print(String(format: "  %.1f s", seconds))
            try shape.description.write(toFile: log + ".shape", atomically: true, encoding: .utf8)
        }
        let shape = (try? String(contentsOfFile: log + ".shape", encoding: .utf8)) ?? "?"
        print("log: \(log)\n  \(shape)")
        let lines = Double(shape.split(separator: " ").first.flatMap { Int($0) } ?? 0)
        let frames = Double(shape.components(separatedBy: ", ").dropFirst().first?.split(separator: " ").first.flatMap { Int($0) } ?? 0)
        if options["import"] == "yes" || options["import"] == "only" {
            let chargers = try OCPPBenchLog(seedLog: seedLog, copies: copies).chargerIDs
            try OCPPImportBench.run(log: log, chargers: chargers, dir: dir, migrate: migrate, frames: frames, megabytes: megabytes)
            if options["import"] == "only" { return }
        }

        // Alternate the two, `runs` times each, and compare medians: on a shared machine the load changes
        // from one minute to the next, and a single run of each can land in different weather.
        let runs = max(1, Int(options["runs"] ?? "") ?? 3)
        let jq = options["jq"] == "no" ? nil : BenchShell.which("jq")
        var ours: [TimedRun.Result] = [], theirs: [TimedRun.Result] = []
        for run in 1...runs {
            ours.append(try TimedRun.run([migrate, "ocpp", "kpis", log, "--json"]))
            if let jq { theirs.append(try TimedRun.run([jq, "-c", ".", log])) }
            print(String(format: "  run %d: migrate %.2f s wall, %.2f s CPU", run, ours.last!.wall, ours.last!.cpu)
                  + (theirs.last.map { String(format: "; jq %.2f s wall, %.2f s CPU", $0.wall, $0.cpu) } ?? ""))
        }
        let kpis = TimedRun.median(ours)
        print(String(format: "migrate ocpp kpis --json (median of %d): %.2f s wall, %.2f s CPU, peak RSS %.1f MB: %.0f frames/s wall (%.0f per CPU second), %.0f lines/s, %.0f MB/s",
                     runs, kpis.wall, kpis.cpu, Double(kpis.maxRSSKB) / 1024, frames / kpis.wall, frames / kpis.cpu, lines / kpis.wall, Double(megabytes) / kpis.wall))
        guard jq != nil else { print(options["jq"] == "no" ? "(no jq baseline: --jq no)" : "jq not found (apt-get install jq); no baseline"); return }
        let baseline = TimedRun.median(theirs)
        print(String(format: "jq -c . FILE >/dev/null (median of %d):   %.2f s wall, %.2f s CPU, peak RSS %.1f MB: %.0f lines/s wall (%.0f per CPU second), %.0f MB/s",
                     runs, baseline.wall, baseline.cpu, Double(baseline.maxRSSKB) / 1024, lines / baseline.wall, lines / baseline.cpu, Double(megabytes) / baseline.wall))
        print(String(format: "migrate ocpp kpis is %.1f× as fast as jq (wall), %.1f× (CPU)", baseline.wall / kpis.wall, baseline.cpu / kpis.cpu))
    }
}

/// A program run under `/usr/bin/time -v` with its output thrown away: wall time, CPU time, peak RSS.
enum TimedRun {
    struct Result {
        var wall: Double
        var cpu: Double
        var maxRSSKB: Int
    }

    /// The run with the median wall time (its CPU and RSS with it); the peak RSS is the highest of all.
    static func median(_ results: [Result]) -> Result {
        var m = results.sorted { $0.wall < $1.wall }[results.count / 2]
        m.maxRSSKB = results.map(\.maxRSSKB).max() ?? m.maxRSSKB
        return m
    }

    static func run(_ command: [String]) throws -> Result {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("time-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-v", "-o", report] + command
        process.standardOutput = FileHandle.nullDevice
        let started = DispatchTime.now()
        try process.run()
        process.waitUntilExit()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        guard process.terminationStatus == 0 else { throw BenchError("\(command.joined(separator: " ")) exited \(process.terminationStatus)") }
        let text = try String(contentsOfFile: report, encoding: .utf8)
        func value(_ label: String) -> String? {
            text.split(separator: "\n").first { $0.contains(label) }.map { String($0.split(separator: ":").last!).trimmingCharacters(in: .whitespaces) }
        }
        let cpu = (Double(value("User time (seconds)") ?? "") ?? 0) + (Double(value("System time (seconds)") ?? "") ?? 0)
        return Result(wall: wall, cpu: cpu, maxRSSKB: Int(value("Maximum resident set size (kbytes)") ?? "") ?? 0)
    }
}
