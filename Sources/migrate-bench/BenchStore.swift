import Engine
import Foundation

/// A store built and read through the release `migrate` command, as a user would: the fleet imported from
/// CSV, one cohort of the whole fleet whose pilot phase (10%, model by model) has the four metric gates,
/// the samples imported; each command timed as a whole process.
struct BenchStore {
    let migrate: String
    let db: String
    let dir: String
    /// The clock for the gates: `--now`.
    let now: String
    /// When the fleet was imported and the cohort created: before the first sample, so that the gates' window
    /// (which never starts before the phase did) covers the samples.
    let created: String

    static let playbook = """
        playbook: bench-pilot
        version: 1
        backends:
          legacy: ws://legacy.example.net/ocpp
          target: ws://target.example.net/ocpp
        from: legacy
        to: target
        metrics:
          session_start_success: { ratio: [session.started, session.attempted] }
          connection_drops: { per_charger_day: connection.dropped }
          remote_action_success: { ratio: [remote.succeeded, remote.requested] }
          cdr_mismatch: { ratio: [cdr.mismatched, cdr.checked] }
        phases:
          - name: pilot
            scope: { share: 10% }
            gates:
              - { metric: session_start_success, at_least: 0.97, window: 7d }
              - { metric: connection_drops, at_most: 0.5, window: 7d }
              - { metric: remote_action_success, at_least: 0.9, window: 7d, compare_to: legacy, max_drop: 0.05 }
              - { metric: cdr_mismatch, at_most: 0.02, window: 7d }
          - name: fleet
            scope: all
        plans:
          rollback:
            - route: legacy
        """

    func run(_ arguments: [String], at time: String? = nil, allowFailure: Bool = false) throws -> BenchShell.Run {
        try BenchShell.run(migrate, arguments + ["--db", db], environment: ["MIGRATE_ACTOR": "bench", "MIGRATE_NOW": time ?? now],
                           allowFailure: allowFailure)
    }

    /// A new store with the fleet and the cohort `bench` (its pilot routed to the target).
    func create(fleet: BenchFleet) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let fleetCSV = "\(dir)/fleet-\(fleet.chargers.count).csv"
        try ("id,site,model,region\n" + fleet.chargers.map { c in
            [c.id, c.attributes["site"] ?? "", c.attributes["model"] ?? "", c.attributes["region"] ?? ""].joined(separator: ",")
        }.joined(separator: "\n") + "\n").write(toFile: fleetCSV, atomically: true, encoding: .utf8)
        let playbookPath = "\(dir)/bench-pilot.yaml"
        try Self.playbook.write(toFile: playbookPath, atomically: true, encoding: .utf8)
        _ = try run(["fleet", "import", fleetCSV], at: created)
        _ = try run(["cohort", "create", "bench", "--playbook", playbookPath, "--all"], at: created)
    }

    /// Median wall and CPU time and the largest peak memory of `runs` runs of a command.
    func time(_ arguments: [String], runs: Int = 3) throws -> (seconds: Double, cpu: Double, peakBytes: Int) {
        var times: [Double] = [], cpus: [Double] = []
        var peak = 0
        for _ in 0..<runs {
            let r = try run(arguments, allowFailure: true)
            times.append(r.seconds)
            cpus.append(r.cpu)
            peak = max(peak, r.peakBytes)
        }
        return (median(times), median(cpus), peak)
    }

    /// The store's size on disk (the file and its WAL).
    var bytes: Int {
        ["", "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: db + $1)[.size] as? Int) ?? 0) }
    }
}
