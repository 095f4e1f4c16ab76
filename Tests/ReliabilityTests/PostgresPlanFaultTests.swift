import Foundation
import Testing

/// The database killed or restarted while a rollback plan runs, and a server that loses its database: the command
/// exits 1 saying what happened, no step is half-recorded, `verify` passes once the server is back, the rollback run
/// again carries on the plan and finishes; `migrate serve` reconnects by itself. On a cluster of the suite's own.
@Suite("PostgreSQL: the database fails mid-plan, and under a server", .serialized,
       .disabled(if: PostgresServer.url == nil, Comment(rawValue: PostgresServer.missing)))
struct PostgresPlanFaultTests {
    /// A rollback of three steps: a program that waits until the file `gate` exists (the test fails the database
    /// first, then creates it), the route back, a program that writes a file (it runs once the plan is carried on).
    static func playbook(marker: String, gate: String) -> String {
        """
        playbook: plan-fault
        version: 1
        backends:
          legacy: ws://legacy.example.net/ocpp
          target: ws://target.example.net/ocpp
        from: legacy
        to: target
        phases:
          - name: pilot
            scope: all
        plans:
          rollback:
            - run: { command: [/bin/sh, -c, "while [ ! -e \(gate) ]; do sleep 0.1; done"], timeout: 300s }
            - route: legacy
            - run: [/usr/bin/touch, \(marker)]

        """
    }

    func waitFor(_ running: Running) async throws -> RunResult {
        while running.isRunning { try await Task.sleep(nanoseconds: 10_000_000) }
        return await running.wait()
    }

    @Test("mid-plan: killed, exit 1, no step half-recorded, verify passes, rollback again finishes; restarted, the plan finishes", arguments: ["kill", "restart"])
    func midRollbackPlan(fault: String) async throws {
        let cluster = try await OwnPostgresCluster()
        let box = try Sandbox()
        box.db = try PostgresServer.freshDatabase(on: cluster.url)
        let marker = box.path("plan-finished")
        let gate = box.path("step-may-end")
        let playbook = try box.write("plan.yaml", Self.playbook(marker: marker, gate: gate))
        try await box.setUpAsync(chargers: 12, playbook: playbook)
        #expect(Set(try await box.routesOf("north").values) == ["target"])

        let rollback = try box.launch(["rollback", "north", "--reason", "during a fault"], now: Sandbox.hoursAfterT0(1))
        // Wait until the first step (the slow program) is under way (its start journaled), then fail the server.
        var started = false
        for _ in 0..<600 where !started && rollback.isRunning {
            try await Task.sleep(nanoseconds: 50_000_000)
            let r = try await Shell.run(["/usr/bin/psql", "-h", cluster.url.host, "-p", String(cluster.url.port), "-U", cluster.url.user,
                                         "-d", PostgresInstancesTests.databaseName(box.db), "-AtX", "-c",
                                         "SELECT count(*) FROM journal WHERE kind = 'step-started'"],
                                        environment: ["PGPASSWORD": cluster.url.password ?? ""])
            started = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        }
        #expect(started, "the plan's first step started")
        try await cluster.control(fault)
        #expect(rollback.isRunning, "the first step still runs when the server fails")
        FileManager.default.createFile(atPath: gate, contents: nil) // the step ends now, with the server down or restarted
        let failed = try await waitFor(rollback)
        if fault == "restart" {
            // The server is back before the step ends: the lost idle connection is replaced and the plan finishes.
            #expect(failed.status == 0, "\(failed)")
            let history = try await box.historyEntries("north")
            #expect(entries(history, kind: "step-finished").count == 3 && entries(history, kind: "rolled-back").count == 1, "\(history)")
            #expect(Set(try await box.routesOf("north").values) == ["legacy"])
            #expect(FileManager.default.fileExists(atPath: marker))
            try await box.verified()
            return
        }
        #expect(failed.status == 1 && !failed.signaled, "\(failed)")
        // The step's end is recorded on a connection that was lost while the program ran: opening a new one fails
        // (killed) or the restart ended it (restart); either way the error names PostgreSQL and the step ran.
        #expect(failed.stderr.contains("PostgreSQL") && failed.stderr.contains("rollback step 1 done"), "\(failed)")
        // Where the plan stopped, and what to do: one message, rendered where every error is.
        #expect(failed.stderr.contains("the rollback plan of cohort north stopped at step 1 of 3 (the step ran, but its end could not be recorded, so it runs again)")
                && failed.stderr.contains("running the same command again carries the plan on from step 1"), "\(failed)")
        if fault == "kill" { try await cluster.control("start") }

        // The step's end was not recorded: the plan stands at its first step, started; the routes did not move.
        let entriesBefore = try await box.verified()
        let status = try await box.statusObject("north")
        #expect(status["status"] as? String == "rolling-back", "\(status)")
        #expect(Set(try await box.routesOf("north").values) == ["target"])
        let history = try await box.historyEntries("north")
        #expect(entries(history, kind: "step-finished").isEmpty, "\(history)")
        #expect(!FileManager.default.fileExists(atPath: marker))

        // Again: the started step runs again (claimed anew), then the rest, once each.
        try await box.okAsync(["rollback", "north", "--reason", "carry on"], now: Sandbox.hoursAfterT0(1))
        let after = try await box.historyEntries("north")
        #expect(entries(after, kind: "step-finished").count == 3, "\(after)")
        #expect(entries(after, kind: "rolled-back").count == 1)
        #expect(entries(after, kind: "rollback-started").count == 1)
        #expect(try await box.statusObject("north")["status"] as? String == "rolled-back")
        #expect(Set(try await box.routesOf("north").values) == ["legacy"])
        #expect(FileManager.default.fileExists(atPath: marker))
        #expect(try await box.verified() > entriesBefore)
        print("POSTGRES-PLAN-FAULT-TEST-RAN")
    }

    /// `migrate serve` keeps running while its database is killed for a few seconds, and once the server is back a
    /// pass reconnects and evaluates, with no restart of the service.
    @Test("migrate serve reconnects by itself after the database was killed and started again")
    func theServiceReconnects() async throws {
        let cluster = try await OwnPostgresCluster()
        let box = try Sandbox()
        box.db = try PostgresServer.freshDatabase(on: cluster.url)
        try await box.setUpAsync(chargers: 6, playbook: Paths.fixture("basic.yaml"))
        let server = try PostgresInstancesTests.start(box, ["serve", "--listen", "127.0.0.1:0", "--evaluate-every", "1s"])
        defer { if server.isRunning { server.kill9() } }
        let port = try await PostgresInstancesTests.port(server)
        func passes(_ outcome: String) async throws -> Int { try await PostgresInstancesTests.passes(port, outcome) }
        func until(_ what: String, _ condition: () async throws -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while try await !condition() {
                guard ContinuousClock.now < deadline, server.isRunning else {
                    throw SandboxError("\(what) did not happen within 60 s:\n\(PostgresInstancesTests.text(server.errURL).suffix(3000))")
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        try await until("an evaluated pass") { try await passes("evaluated") > 0 }
        let evaluated = try await passes("evaluated")
        try await cluster.control("kill")
        try await Task.sleep(for: .seconds(3)) // passes fail meanwhile (and /metrics, which reads the store, cannot answer)
        try await cluster.control("start")
        try await until("an evaluated pass after the restart") { try await passes("evaluated") > evaluated }
        #expect(server.isRunning)
        try await box.verified()
    }
}
