import Foundation

/// `migrate-bench ocpp --import yes`: `migrate ocpp import` of the big log into a fresh store whose fleet is
/// the log's chargers (time, CPU, peak RSS: memory must stay flat), then the same log again (nothing to do, but
/// every byte is read and digested to recognise it).
enum OCPPImportBench {
    static func run(log: String, chargers: [String], dir: String, migrate: String, frames: Double, megabytes: Int) throws {
        let store = "\(dir)/ocpp-import.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        let fleet = "\(dir)/ocpp-fleet.csv"
        try (["id"] + chargers.map { "\"\($0)\"" }).joined(separator: "\n").appending("\n").write(toFile: fleet, atomically: true, encoding: .utf8)
        // The ids have '~' (outside OCPP 2.0.1's set): fleet import warns about each; the warnings are not shown.
        let fleetImport = Process()
        fleetImport.executableURL = URL(fileURLWithPath: migrate)
        fleetImport.arguments = ["fleet", "import", fleet, "--db", store]
        fleetImport.standardOutput = FileHandle.nullDevice
        fleetImport.standardError = FileHandle.nullDevice
        try fleetImport.run()
        fleetImport.waitUntilExit()
        guard fleetImport.terminationStatus == 0 else { throw BenchError("fleet import of \(fleet) exited \(fleetImport.terminationStatus)") }
        let first = try TimedRun.run([migrate, "ocpp", "import", log, "--db", store])
        print(String(format: "migrate ocpp import (fresh store, %d chargers): %.2f s wall, %.2f s CPU, peak RSS %.1f MB: %.0f frames/s wall, %.0f MB/s",
                     chargers.count, first.wall, first.cpu, Double(first.maxRSSKB) / 1024, frames / first.wall, Double(megabytes) / first.wall))
        let again = try TimedRun.run([migrate, "ocpp", "import", log, "--db", store])
        print(String(format: "migrate ocpp import, the same log again (nothing changes): %.2f s wall, %.2f s CPU, peak RSS %.1f MB",
                     again.wall, again.cpu, Double(again.maxRSSKB) / 1024))
        let size = (try? FileManager.default.attributesOfItem(atPath: store)[.size] as? Int) ?? 0
        print(String(format: "  store after the import: %.1f MB", Double(size) / 1_048_576))
    }
}
