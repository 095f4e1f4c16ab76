import Foundation
import Testing

/// The database killed (SIGKILL, as a machine that dies) or restarted (immediate shutdown) while a command is inside
/// its transaction: the command exits 1 saying nothing changed, nothing is half-applied, `verify` passes once the
/// server is back, and the command run again finishes. On a cluster of the test's own, so that no other test sees
/// its server go away.
@Suite("PostgreSQL: the database fails mid-command", .serialized,
       .disabled(if: PostgresServer.url == nil, Comment(rawValue: PostgresServer.missing)))
struct PostgresFaultTests {
    /// `pg_advisory_lock` key of the journal (PostgresStore.journalLock).
    static let journalLock = "5568509984997638145"

    func psql(_ cluster: OwnPostgresCluster, _ db: String, _ sql: String) async throws -> Shell.Output {
        try await Shell.run(["/usr/bin/psql", "-h", cluster.url.host, "-p", String(cluster.url.port), "-U", cluster.url.user, "-d", db,
                             "-AtX", "-c", sql], environment: ["PGPASSWORD": cluster.url.password ?? ""])
    }

    func waitFor(_ running: Running) async throws -> RunResult {
        while running.isRunning { try await Task.sleep(nanoseconds: 10_000_000) }
        return await running.wait()
    }

    func databaseName(_ url: String) -> String {
        String(url.split(separator: "/").last!.split(separator: "?").first!)
    }

    @Test("mid-advance: exit 1, nothing changed, verify passes, advance again finishes", arguments: ["kill", "restart"])
    func midAdvance(fault: String) async throws {
        let cluster = try await OwnPostgresCluster()
        let box = try Sandbox()
        box.db = try PostgresServer.freshDatabase(on: cluster.url)
        let name = databaseName(box.db)
        try await box.setUpAsync(chargers: 60, playbook: Paths.fixture("basic.yaml"))
        let before = try await box.verified()
        // Another session holds the journal's lock, so the advance waits inside its transaction until the fault.
        let holder = Task { try await psql(cluster, name, "SELECT pg_advisory_lock(\(Self.journalLock)); SELECT pg_sleep(120)") }
        try await Task.sleep(nanoseconds: 500_000_000)
        let advance = try box.launch(["advance", "north", "--reason", "during a fault"], now: Sandbox.hoursAfterT0(2))
        try await Task.sleep(nanoseconds: 1_500_000_000)
        #expect(advance.isRunning, "the advance waits for the journal's lock")
        try await cluster.control(fault)
        let failed = try await waitFor(advance)
        _ = try? await holder.value
        #expect(failed.status == 1 && !failed.signaled, "\(failed)")
        #expect(failed.stderr.contains("nothing changed") && failed.stderr.contains("run the command again"), "\(failed)")
        if fault == "kill" { try await cluster.control("start") }
        #expect(try await box.verified() == before, "nothing was appended")
        #expect(try await box.statusObject("north")["phase"] as? String == "pilot")
        try await box.okAsync(["advance", "north", "--reason", "again"], now: Sandbox.hoursAfterT0(2))
        #expect(entries(try await box.historyEntries("north"), kind: "advanced").count == 1)
        #expect(try await box.verified() == before + 2)
        print("POSTGRES-FAULT-TEST-RAN")
    }

    @Test("mid-import: exit 1, no sample of the file stored, verify passes, import again finishes", arguments: ["kill", "restart"])
    func midImport(fault: String) async throws {
        let cluster = try await OwnPostgresCluster()
        let box = try Sandbox()
        box.db = try PostgresServer.freshDatabase(on: cluster.url)
        let name = databaseName(box.db)
        let chargers = 50
        try await box.okAsync(["fleet", "import", try box.write("fleet.csv", Sandbox.fleetCSV(count: chargers))])
        let rows = 600_000
        var text = "time,charger,metric,value\n"
        text.reserveCapacity(rows * 48)
        for k in 0..<rows { text += "\(1_793_000_000 + (k / chargers) * 60),CP-\(String(format: "%04d", k % chargers)),kpi.\(k % 3),\(k % 7)\n" }
        let file = try box.write("samples.csv", text)
        let importing = try box.launch(["metrics", "import", file])
        // Wait until the samples are being written (its transaction's last statement wrote a buffer's rows into
        // `sample_rows`: the first of several), then fail the server.
        var copying = false
        for _ in 0..<1000 where importing.isRunning {
            let r = try await psql(cluster, name, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%INSERT INTO sample_rows%' AND state <> 'idle' AND pid <> pg_backend_pid()")
            if r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "0" { copying = true; break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(copying, "the import was sending samples")
        try await cluster.control(fault)
        let failed = try await waitFor(importing)
        #expect(failed.status == 1 && !failed.signaled, "\(failed)")
        #expect(failed.stderr.contains("nothing changed") || failed.stderr.contains("nothing of"), "\(failed)")
        if fault == "kill" { try await cluster.control("start") }
        try await box.verified()
        let none = try #require(try await box.parsed(["metrics", "list", "--json"]) as? [[String: Any]])
        #expect(none.isEmpty, "no sample of the file was stored: \(none)")
        try await box.okAsync(["metrics", "import", file])
        let all = try #require(try await box.parsed(["metrics", "list", "--json"]) as? [[String: Any]])
        #expect(all.compactMap { $0["samples"] as? Int }.reduce(0, +) == rows)
        try await box.verified()
    }
}
