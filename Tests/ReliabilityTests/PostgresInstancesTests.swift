import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Long-running processes sharing one PostgreSQL store: a routing proxy that LISTENs for route changes, and two
/// `migrate serve` instances that elect one evaluator through the lease.
@Suite("PostgreSQL: proxies and servers on one store", .disabled(if: PostgresServer.url == nil, Comment(rawValue: PostgresServer.missing)))
struct PostgresInstancesTests {
    /// Runs SQL on the shared server's `database` with psql (a client that is not migrate's).
    static func psql(_ database: String, _ sql: String) async throws -> Shell.Output {
        let server = try #require(PostgresServer.url)
        return try await Shell.run(["/usr/bin/psql", "-h", server.host, "-p", String(server.port), "-U", server.user, "-d", database, "-AtX", "-c", sql],
                                   environment: ["PGPASSWORD": server.password ?? ""])
    }

    static func databaseName(_ url: String) -> String {
        String(url.split(separator: "/").last!.split(separator: "?").first!)
    }

    /// A long-running `migrate` (no fixed clock: leases expire in real time), with its output in files.
    static func start(_ box: Sandbox, _ args: [String]) throws -> Running {
        var env = box.environment
        env["MIGRATE_NOW"] = nil
        return try Running(arguments: args + ["--db", box.db], environment: env, dir: box.dir)
    }

    static func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// Waits (up to `timeout`) until `file` holds a line containing `marker`; that line.
    static func line(in file: URL, containing marker: String, timeout: Duration = .seconds(60), of running: Running) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = text(file).split(separator: "\n").first(where: { $0.contains(marker) }) { return String(line) }
            guard running.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let result = running.isRunning ? "still running" : "ended"
        throw SandboxError("no line with '\(marker)' within \(timeout) (\(result)):\n\(text(running.errURL).suffix(3000))")
    }

    // MARK: The proxy

    /// The proxy's "routes changed" log lines so far.
    static func changeLines(_ proxy: Running) -> [Substring] {
        text(proxy.errURL).split(separator: "\n").filter { $0.contains("routes changed") }
    }

    /// The proxy polls the journal only every hour here (its heartbeat reads it every 2 s), so each route change must
    /// reach it through LISTEN/NOTIFY: seen within a second of the command's end, three times, the third after the
    /// server ended the listener's session (it reconnects by itself). A hang bound, not a speed measurement.
    @Test("a route change reaches the proxy within a second through LISTEN/NOTIFY, also after its listening session was ended")
    func theProxyHearsRouteChanges() async throws {
        let box = try Sandbox()
        box.db = try PostgresServer.freshDatabase()
        try await box.setUpAsync(chargers: 20, playbook: Paths.fixture("basic.yaml"))
        let proxy = try Self.start(box, ["proxy", "--listen", "127.0.0.1:0", "--operations", "127.0.0.1:0", "--no-log",
                                         "--poll-interval", "1h"])
        defer { proxy.kill9() }
        _ = try await Self.line(in: proxy.outURL, containing: "migrate proxy: chargers connect to", of: proxy)
        _ = try await Self.line(in: proxy.errURL, containing: "routing table loaded", of: proxy)
        let database = Self.databaseName(box.db)
        let changes: [(args: [String], hours: Int)] = [
            (["advance", "north", "--reason", "to wave"], 2),
            (["advance", "north", "--reason", "to fleet"], 4),
            (["rollback", "north", "--reason", "back"], 5),
        ]
        for (i, change) in changes.enumerated() {
            if i == 2 {
                // The server ends the proxy's listening session (as a restart or failover would).
                let ended = try await Self.psql(database, """
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'
                    """)
                #expect(ended.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(ended)")
                // It listens again within about a second; wait until it does.
                var listening = false
                for _ in 0..<300 where !listening {
                    try await Task.sleep(for: .milliseconds(50))
                    let r = try await Self.psql(database, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'")
                    listening = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
                }
                #expect(listening, "the proxy listens again")
            }
            let earlier = Self.changeLines(proxy).count
            let before = Int(try await Self.psql(database, "SELECT max(seq) FROM journal").stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            let result = try await box.runAsync(change.args, now: Sandbox.hoursAfterT0(change.hours))
            try #require(result.status == 0, "\(result)")
            let ended = ContinuousClock.now
            while Self.changeLines(proxy).count == earlier, ContinuousClock.now - ended < .seconds(30), proxy.isRunning {
                try await Task.sleep(for: .milliseconds(10))
            }
            let after = ContinuousClock.now - ended
            let seen = try #require(Self.changeLines(proxy).last, "the proxy logged no route change: \(Self.text(proxy.errURL).suffix(2000))")
            let position = seen.components(separatedBy: "position=").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? -1
            #expect(position > before, "the table read after the change is newer than the journal before it (\(before)): \(seen)")
            #expect(after < .seconds(1), "change \(i + 1) (\(change.args[0])) reached the proxy after \(after)")
        }
        print("POSTGRES-PROXY-LISTEN-TEST-RAN")
    }

    // MARK: Two servers

    /// The value of `migrate_watch_passes_total{outcome="OUTCOME"}` at a server's /metrics (0 when absent).
    static func passes(_ port: Int, _ outcome: String) async throws -> Int {
        let r = try await Shell.run(["/usr/bin/curl", "-s", "--max-time", "10", "http://127.0.0.1:\(port)/metrics"])
        let series = "migrate_watch_passes_total{outcome=\"\(outcome)\"} "
        guard let line = r.stdout.split(separator: "\n").first(where: { $0.hasPrefix(series) }) else { return 0 }
        return Int(line.dropFirst(series.count)) ?? 0
    }

    static func port(_ server: Running) async throws -> Int {
        let line = try await Self.line(in: server.outURL, containing: "listening on http://127.0.0.1:", of: server)
        let tail = try #require(line.range(of: "listening on http://127.0.0.1:")).upperBound
        return try #require(Int(line[tail...].prefix { $0.isNumber }))
    }

    /// Two servers on one database, each running the watch loop every second: over several intervals one of them
    /// evaluates once per interval and the other stands by; SIGKILL the evaluator (no lease given up) and the other
    /// takes over once the lease expires (2 intervals and a minute), then evaluates once per interval.
    @Test("two serve instances on one database: one evaluates per interval, the other takes over after the first is killed")
    func twoServersElectOneEvaluator() async throws {
        let box = try Sandbox()
        box.db = try PostgresServer.freshDatabase()
        try await box.setUpAsync(chargers: 20, playbook: Paths.fixture("basic.yaml"))
        let servers = try (0..<2).map { _ in try Self.start(box, ["serve", "--listen", "127.0.0.1:0", "--evaluate-every", "1s"]) }
        defer { for s in servers where s.isRunning { s.kill9() } }
        var ports: [Int] = []
        for s in servers { ports.append(try await Self.port(s)) }

        // Wait for the first evaluated pass, then count over a stretch of intervals.
        var holder: Int?
        for _ in 0..<300 where holder == nil {
            for i in 0..<2 where try await Self.passes(ports[i], "evaluated") > 0 { holder = i }
            if holder == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let evaluator = try #require(holder, "no server evaluated")
        let standby = 1 - evaluator
        let start = ContinuousClock.now
        let before = [try await Self.passes(ports[0], "evaluated"), try await Self.passes(ports[1], "evaluated")]
        try await Task.sleep(for: .seconds(6))
        let after = [try await Self.passes(ports[0], "evaluated"), try await Self.passes(ports[1], "evaluated")]
        let seconds = Int((ContinuousClock.now - start).components.seconds)
        #expect(after[standby] == 0, "the standby server never evaluates: \(after)")
        #expect(try await Self.passes(ports[standby], "standby") > 0)
        // One pass per interval (1 s of waiting plus the pass): at most one a second, and at least one per 2 s.
        let ran = after[evaluator] - before[evaluator]
        #expect(ran >= 2 && ran <= seconds + 1, "\(ran) passes in \(seconds) s")

        // SIGKILL: the lease stays taken until it expires; then the other server evaluates, once per interval.
        servers[evaluator].kill9()
        _ = await servers[evaluator].wait()
        let killed = ContinuousClock.now
        var tookOver: Duration?
        while tookOver == nil, ContinuousClock.now - killed < .seconds(120) {
            if try await Self.passes(ports[standby], "evaluated") > 0 { tookOver = ContinuousClock.now - killed } else { try await Task.sleep(for: .milliseconds(250)) }
        }
        let took = try #require(tookOver, "the other server did not take over within 120 s")
        #expect(took < .seconds(70), "the lease (2 intervals and a minute) expired and was taken: \(took)")
        let first = try await Self.passes(ports[standby], "evaluated")
        try await Task.sleep(for: .seconds(4))
        let more = try await Self.passes(ports[standby], "evaluated") - first
        #expect(more >= 1 && more <= 5, "the new evaluator runs once per interval: \(more) in 4 s")
        try await box.verified()
        print("POSTGRES-SERVE-LEASE-TEST-RAN")
    }
}
