import Foundation
import Testing

/// A streaming `metrics import` killed at any moment leaves nothing of its file (the store verifies, no sample
/// of it is stored) or all of it, and importing the file again finishes the job. Waits without blocking.
@Suite("Metrics import under SIGKILL", .serialized)
struct ImportKillTests {
    /// Runs `args` and waits for it to end, polling instead of blocking a thread of the cooperative pool.
    func finish(_ running: Running) async throws -> RunResult {
        while running.isRunning { try await Task.sleep(nanoseconds: 5_000_000) }
        return await running.wait()
    }

    func run(_ box: Sandbox, _ args: [String]) async throws -> RunResult {
        try await finish(try box.launch(args))
    }

    @Test("killed imports store all or nothing; a second import completes")
    func killImport() async throws {
        let box = try Sandbox()
        let chargers = 50
        let fleet = try box.write("fleet.csv", Sandbox.fleetCSV(count: chargers))
        #expect(try await run(box, ["fleet", "import", fleet]).status == 0)
        var text = "time,charger,metric,value\n"
        let rows = 120_000
        text.reserveCapacity(rows * 48)
        for k in 0..<rows {
            text += "\(1_793_000_000 + (k / chargers) * 60),CP-\(String(format: "%04d", k % chargers)),kpi.\(k % 3),\(k % 7)\n"
        }
        let samples = try box.write("samples.csv", text)
        let template = try await box.snapshotStore(as: "template.db")
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        for i in 0..<4 {
            try box.restore(template, into: "kill-\(i).db")
            let running = try box.launch(["metrics", "import", samples])
            try await Task.sleep(nanoseconds: UInt64.random(in: 20_000_000...600_000_000, using: &generator))
            running.kill9()
            let killed = try await finish(running)
            if killed.signaled { killedMidway += 1 }
            let verify = try await run(box, ["verify"])
            #expect(verify.status == 0, "\(verify)")
            let stored = try #require(try await box.query("SELECT COALESCE(SUM(n), 0) FROM sample_rows").first?.first as? Int)
            let journaled = try #require(try await box.query("SELECT COUNT(*) FROM journal WHERE kind = 'metrics-imported'").first?.first as? Int)
            #expect((stored == 0 && journaled == 0) || (stored == rows && journaled == 1), "run \(i): \(stored) samples, \(journaled) entries")
            let again = try await run(box, ["metrics", "import", "--json", samples])
            #expect(again.status == 0, "\(again)")
            #expect(try await box.query("SELECT SUM(n) FROM sample_rows").first?.first as? Int == rows)
            #expect(try await run(box, ["verify"]).status == 0)
        }
        print("metrics import kill test: \(killedMidway) of 4 runs killed before they finished")
    }
}
