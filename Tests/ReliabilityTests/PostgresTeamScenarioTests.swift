import Foundation
import Testing

/// A team on one PostgreSQL store: two `migrate serve` instances, a routing proxy, and several people running the CLI
/// at once (advances racing with `--expect-phase`, issue records, approvals, metric imports), while the database is
/// restarted and then killed and started again in the middle. Every user retries what failed because of the
/// database, as a script would. Afterwards: the journal verifies, each cohort moved through each phase exactly once,
/// no issue is lost or doubled, every import is whole, both servers still run and evaluate, the proxy follows the
/// table, and `store copy` to SQLite and back to PostgreSQL gives the same history.
@Suite("PostgreSQL: a team scenario with the database failing", .serialized,
       .disabled(if: PostgresServer.url == nil, Comment(rawValue: PostgresServer.missing)))
struct PostgresTeamScenarioTests {
    static let cohorts = ["north": "m0", "south": "m1", "east": "m2"]

    /// Runs a command until it exits 0 or is refused (exit 3); a failure in between must name PostgreSQL (the
    /// database was down or went away) — or, on a retry, say that what it adds already exists (the first try
    /// committed after all). Every try.
    static func persist(_ box: Sandbox, _ args: [String], now: String, actor: String) async throws -> [RunResult] {
        var tries: [RunResult] = []
        for _ in 0..<60 {
            let r = try await box.runAsync(args, now: now, actor: actor)
            tries.append(r)
            if r.status == 0 || r.status == 3 { return tries }
            if tries.count > 1, r.stderr.contains("already exists") { return tries }
            #expect(r.status == 1 && !r.signaled && r.stderr.contains("PostgreSQL"), "a failure names the database: \(r)")
            try await Task.sleep(for: .milliseconds(300))
        }
        Issue.record("\(args) did not finish in 60 tries: \(tries.last.map { "\($0)" } ?? "")")
        return tries
    }

    static func psql(_ cluster: OwnPostgresCluster, _ db: String, _ sql: String) async throws -> String {
        let r = try await Shell.run(["/usr/bin/psql", "-h", cluster.url.host, "-p", String(cluster.url.port), "-U", cluster.url.user, "-d", db, "-AtX", "-c", sql],
                                    environment: ["PGPASSWORD": cluster.url.password ?? ""])
        guard r.status == 0 else { throw SandboxError("psql failed: \(r.stderr)") }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func samples(_ metric: String) -> String {
        var text = "time,charger,metric,value\n"
        for k in 0..<3000 { text += "\(1_793_523_600 + (k / 60) * 600),CP-\(String(format: "%04d", k % 60)),\(metric),\(k % 7)\n" }
        return text
    }

    /// One round: three people race to advance each cohort out of `phase`, two add issues with ids of their own,
    /// two import metrics; `fault` happens to the database a moment after they start.
    static func round(_ box: Sandbox, _ cluster: OwnPostgresCluster, phase: String, now: String, tag: String,
                      fault: @escaping @Sendable () async throws -> Void) async throws -> [[RunResult]] {
        let files = try (0..<2).map { try box.write("\(tag)-\($0).csv", samples("kpi.\(tag).f\($0)")) }
        return try await withThrowingTaskGroup(of: [RunResult].self) { group in
            for cohort in cohorts.keys.sorted() {
                for person in 0..<3 {
                    group.addTask { try await persist(box, ["advance", cohort, "--expect-phase", phase, "--reason", "\(tag) by op\(person)"], now: now, actor: "op\(person)") }
                }
            }
            for person in 0..<2 {
                group.addTask {
                    var all: [RunResult] = []
                    for k in 0..<3 {
                        all += try await persist(box, ["issues", "add", "--id", "\(tag)-\(person)-\(k)", "--title", "seen in \(tag)", "--severity", "low"],
                                                 now: now, actor: "qa\(person)")
                    }
                    return all
                }
            }
            for f in files { group.addTask { try await persist(box, ["metrics", "import", f], now: now, actor: "importer") } }
            group.addTask {
                try await Task.sleep(for: .milliseconds(400))
                try await fault()
                return []
            }
            var all: [[RunResult]] = []
            for try await r in group where !r.isEmpty { all.append(r) }
            return all
        }
    }

    @Test("two servers, a proxy and several CLI users while the database restarts and is killed: nothing lost or doubled, the chain verifies, store copy round-trips")
    func aTeamThroughFailures() async throws {
        let cluster = try await OwnPostgresCluster()
        let box = try Sandbox()
        box.db = try PostgresServer.freshDatabase(on: cluster.url)
        let db = PostgresInstancesTests.databaseName(box.db)
        let fleet = try box.write("fleet.csv", Sandbox.fleetCSV(count: 60))
        try await box.okAsync(["fleet", "import", fleet], now: Sandbox.t0)
        for (cohort, model) in Self.cohorts.sorted(by: { $0.key < $1.key }) {
            try await box.okAsync(["cohort", "create", cohort, "--playbook", Paths.fixture("basic.yaml"), "--where", "model=\(model)"], now: Sandbox.t0)
        }
        let servers = try (0..<2).map { _ in try PostgresInstancesTests.start(box, ["serve", "--listen", "127.0.0.1:0", "--evaluate-every", "1s"]) }
        let proxy = try PostgresInstancesTests.start(box, ["proxy", "--listen", "127.0.0.1:0", "--operations", "127.0.0.1:0", "--no-log", "--poll-interval", "1h"])
        defer { for p in servers + [proxy] where p.isRunning { p.kill9() } }
        var ports: [Int] = []
        for s in servers { ports.append(try await PostgresInstancesTests.port(s)) }
        _ = try await PostgresInstancesTests.line(in: proxy.errURL, containing: "routing table loaded", of: proxy)

        var results: [[RunResult]] = []
        results += try await Self.round(box, cluster, phase: "pilot", now: Sandbox.hoursAfterT0(2), tag: "r1") { try await cluster.control("restart") }
        results += try await Self.round(box, cluster, phase: "wave", now: Sandbox.hoursAfterT0(4), tag: "r2") {
            try await cluster.control("kill")
            try await Task.sleep(for: .seconds(2))
            try await cluster.control("start")
        }
        let failedTries = results.flatMap { $0 }.filter { $0.status == 1 }.count
        print("team scenario: \(results.flatMap { $0 }.count) commands run, \(failedTries) failed on the database and were retried")
        let kinds = Dictionary(grouping: results.flatMap { $0 }.filter { $0.status == 1 }) { r in
            r.stderr.contains("is unknown") ? "outcome unknown" : r.stderr.contains("cannot connect") ? "cannot connect"
                : r.stderr.contains("nothing changed") ? "lost, nothing changed" : r.stderr.contains("already exists") ? "already exists" : "other"
        }.mapValues(\.count)
        print("team scenario: failures by kind \(kinds.sorted { $0.key < $1.key })")

        // Each cohort moved out of each phase once; of the racers at most one succeeded, the others were refused.
        for cohort in Self.cohorts.keys.sorted() {
            let advanced = entries(try await box.historyEntries(cohort), kind: "advanced")
            #expect(advanced.map { "\($0["from"] as? String ?? "?")→\($0["to"] as? String ?? "?")" } == ["pilot→wave", "wave→fleet"], "\(cohort): \(advanced)")
            for phase in ["pilot", "wave"] {
                let racers = results.filter { $0.first?.arguments.prefix(4) == ["advance", cohort, "--expect-phase", phase] }
                #expect(racers.count == 3)
                #expect(racers.compactMap(\.last).filter { $0.status == 0 }.count <= 1, "\(cohort) \(phase): \(racers)")
            }
            #expect(Set(try await box.routesOf(cohort).values) == ["target"])
        }
        // Every issue once.
        let issues = try #require(try await box.parsed(["issues", "list", "--json"]) as? [[String: Any]])
        let ids = issues.compactMap { $0["id"] as? String }
        #expect(ids.count == 12 && Set(ids).count == 12, "\(ids.sorted())")
        // Every import whole (3,000 samples each, four files).
        let metrics = try #require(try await box.parsed(["metrics", "list", "--json"]) as? [[String: Any]])
        #expect(metrics.count == 4 && metrics.compactMap { $0["samples"] as? Int }.allSatisfy { $0 == 3000 }, "\(metrics)")
        let entriesNow = try await box.verified()

        // Both servers still run, and one of them evaluates again after the faults.
        #expect(servers.filter { $0.isRunning }.count == 2, "\(servers.map { PostgresInstancesTests.text($0.errURL).suffix(1500) })")
        let before = try await PostgresInstancesTests.passes(ports[0], "evaluated") + PostgresInstancesTests.passes(ports[1], "evaluated")
        var after = before
        for _ in 0..<120 where after == before {
            try await Task.sleep(for: .milliseconds(500))
            after = try await PostgresInstancesTests.passes(ports[0], "evaluated") + PostgresInstancesTests.passes(ports[1], "evaluated")
        }
        #expect(after > before, "an evaluator runs again after the faults")

        // The proxy follows the table: /healthz says ok, at or past the last route change's position.
        let listening = try await PostgresInstancesTests.line(in: proxy.outURL, containing: "; /healthz and /metrics on ", of: proxy)
        let operations = try #require(listening.components(separatedBy: "; /healthz and /metrics on ").last)
        let lastRoute = Int(try await Self.psql(cluster, db, "SELECT max(seq) FROM journal WHERE kind = 'route-changed'")) ?? -1
        #expect(lastRoute > 0)
        var health: [String: Any] = [:]
        for _ in 0..<100 {
            let r = try await Shell.run(["/usr/bin/curl", "-s", "--max-time", "5", operations + "/healthz"])
            health = (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:]
            if health["status"] as? String == "ok", (health["route_position"] as? Int ?? -1) >= lastRoute { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(health["status"] as? String == "ok" && (health["route_position"] as? Int ?? -1) >= lastRoute,
                "the proxy is at the last route change (\(lastRoute)): \(health)")

        // store copy: to SQLite and back to a fresh database; the same history everywhere, each verifying.
        let file = box.path("team-copy.db")
        try await box.okAsync(["store", "copy", "--from", box.db, "--to", file], global: false)
        let back = try PostgresServer.freshDatabase(on: cluster.url)
        try await box.okAsync(["store", "copy", "--from", file, "--to", back], global: false)
        let original = box.db
        for target in [file, back] {
            box.db = target
            #expect(try await box.verified() == entriesNow, "\(target)")
            for cohort in Self.cohorts.keys.sorted() {
                box.db = original
                let expected = try await box.okAsync(["history", cohort, "--json"]).stdout
                box.db = target
                #expect(try await box.okAsync(["history", cohort, "--json"]).stdout == expected, "\(cohort) in \(target)")
            }
        }
        box.db = original
        print("POSTGRES-TEAM-SCENARIO-TEST-RAN")
    }
}
