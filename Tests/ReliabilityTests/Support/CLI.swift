import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where things are: the package root (walking up from this file), the built binary, the fixtures.
enum Paths {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static let migrate: String = packageRoot.appendingPathComponent(".build/debug/migrate").path

    static func fixture(_ name: String) -> String {
        if let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) {
            let url = dir.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url.path }
        }
        return packageRoot.appendingPathComponent("Tests/ReliabilityTests/Fixtures/\(name)").path
    }
}

/// What one `migrate` process did.
struct RunResult: CustomStringConvertible {
    var status: Int32
    /// True when the process ended on a signal (SIGKILL from a test), not by exiting.
    var signaled: Bool
    var stdout: String
    var stderr: String
    var arguments: [String]

    var description: String {
        "migrate \(arguments.joined(separator: " ")) → \(signaled ? "signal" : "exit") \(status)\nstdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))"
    }
}

/// A started process whose output goes to files (no pipe can fill up and stall it). Waiting for it never blocks a
/// thread of the cooperative pool: its end comes through the process's termination handler.
final class Running: @unchecked Sendable {
    let process = Process()
    let outURL: URL
    let errURL: URL
    let arguments: [String]
    private let exit = ProcessExit()

    init(executable: String = Paths.migrate, arguments: [String], environment: [String: String], dir: URL,
         workingDirectory: URL? = nil) throws {
        let id = UUID().uuidString
        outURL = dir.appendingPathComponent("out-\(id)")
        errURL = dir.appendingPathComponent("err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        self.arguments = arguments
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = workingDirectory ?? dir
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let exit = self.exit
        process.terminationHandler = { p in exit.finish(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal) }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func kill9() { _ = kill(process.processIdentifier, SIGKILL) }

    func wait() async -> RunResult {
        let (status, signaled) = await exit.value()
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        return RunResult(status: status, signaled: signaled, stdout: out, stderr: err, arguments: arguments)
    }
}

/// A process's end, set once by its termination handler and awaited by anyone.
final class ProcessExit: @unchecked Sendable {
    private let lock = NSLock()
    private var result: (Int32, Bool)?
    private var waiting: [CheckedContinuation<(Int32, Bool), Never>] = []

    func finish(status: Int32, signaled: Bool) {
        lock.lock()
        result = (status, signaled)
        let resumed = waiting
        waiting = []
        lock.unlock()
        for c in resumed { c.resume(returning: (status, signaled)) }
    }

    func value() async -> (Int32, Bool) {
        await withCheckedContinuation { c in
            lock.lock()
            if let result { lock.unlock(); c.resume(returning: result); return }
            waiting.append(c)
            lock.unlock()
        }
    }
}

/// A temporary directory with its own store; runs the built `migrate` in it with a fixed clock.
final class Sandbox {
    static let t0 = "2026-11-02T09:00:00Z"           // a Monday, 09:00 UTC
    static func hoursAfterT0(_ h: Int) -> String {
        let d = ISO8601DateFormatter().date(from: t0)!.addingTimeInterval(Double(h) * 3600)
        return ISO8601DateFormatter().string(from: d)
    }

    let dir: URL
    var db: String
    var now = Sandbox.t0
    var actor = "tester"

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: Paths.migrate) else {
            throw SandboxError("the migrate binary is not built at \(Paths.migrate); run `swift build` (swift test builds it)")
        }
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-rel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        db = dir.appendingPathComponent("store.db").path
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["MIGRATE_DB"] = db
        env["MIGRATE_NOW"] = now
        env["MIGRATE_ACTOR"] = actor
        return env
    }

    /// Starts `migrate ARGS --db DB --now NOW` without waiting.
    func launch(_ args: [String], now: String? = nil, actor: String? = nil, db: String? = nil) throws -> Running {
        var full = args + ["--db", db ?? self.db]
        if !args.contains("--now") { full += ["--now", now ?? self.now] }
        if let actor { full += ["--actor", actor] }
        return try Running(arguments: full, environment: environment, dir: dir)
    }

    @discardableResult
    func run(_ args: [String], now: String? = nil, actor: String? = nil, db: String? = nil) async throws -> RunResult {
        try await launch(args, now: now, actor: actor, db: db).wait()
    }

    /// Runs and requires exit 0.
    @discardableResult
    func ok(_ args: [String], now: String? = nil, actor: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RunResult {
        let r = try await run(args, now: now, actor: actor)
        #expect(r.status == 0 && !r.signaled, "\(r)", sourceLocation: sourceLocation)
        if r.status != 0 { throw SandboxError("command failed: \(r)") }
        return r
    }

    /// Runs a command that prints JSON and parses it.
    func json(_ args: [String], now: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Any {
        let r = try await ok(args, now: now, sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8), options: [.fragmentsAllowed])
    }

    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    // MARK: Fleet and cohorts

    /// A fleet CSV of `count` chargers CP-0000...: site s0/s1/s2 by i % 3, model m0...m3 by i % 4.
    static func fleetCSV(count: Int, prefix: String = "CP-") -> String {
        var s = "id,site,model,vendor\n"
        s.reserveCapacity(count * 32)
        for i in 0..<count { s += "\(prefix)\(String(format: "%04d", i)),s\(i % 3),m\(i % 4),acme\n" }
        return s
    }

    /// Imports a fleet and creates `cohort` with the fixture playbook, at t0.
    func setUp(chargers: Int = 30, cohort: String = "north", playbook: String = "basic.yaml", create: Bool = true) async throws {
        let csv = try write("fleet.csv", Self.fleetCSV(count: chargers))
        try await ok(["fleet", "import", csv], now: Self.t0)
        if create {
            try await ok(["cohort", "create", cohort, "--playbook", Paths.fixture(playbook), "--all"], now: Self.t0)
        }
    }

    // MARK: Reading the store through the CLI

    func status(_ cohort: String) async throws -> [String: Any] {
        try #require(try await json(["status", cohort, "--json"]) as? [String: Any])
    }

    func history(_ cohort: String) async throws -> [[String: Any]] {
        try #require(try await json(["history", cohort, "--json"]) as? [[String: Any]])
    }

    func routes(cohort: String? = nil) async throws -> [[String: Any]] {
        try #require(try await json(["routes", "--format", "json"] + (cohort.map { ["--cohort", $0] } ?? [])) as? [[String: Any]])
    }

    /// Charger → backend, from `migrate routes`.
    func routeMap(cohort: String? = nil) async throws -> [String: String] {
        var map: [String: String] = [:]
        for r in try await routes(cohort: cohort) {
            let charger = try #require(r["charger"] as? String)
            #expect(map[charger] == nil, "charger \(charger) appears twice in the routing table")
            map[charger] = try #require(r["backend"] as? String)
        }
        return map
    }

    /// `migrate verify --json`; the number of entries, requiring ok.
    func verify(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        let r = try await run(["verify", "--json"])
        #expect(r.status == 0, "verify failed: \(r)", sourceLocation: sourceLocation)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        #expect(obj["ok"] as? Bool == true, "verify: \(r)", sourceLocation: sourceLocation)
        return try #require(obj["entries"] as? Int, sourceLocation: sourceLocation)
    }

    // MARK: Direct SQLite (python3's sqlite3), as a tamperer would

    /// Runs SQL statements directly against the store file.
    func sql(_ script: String, db: String? = nil) async throws {
        let r = try await python("""
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()
            """, [db ?? self.db, script])
        if r.status != 0 { throw SandboxError("sqlite3 failed: \(r.stderr)") }
    }

    /// Rows of a query, as JSON arrays.
    func query(_ sql: String, db: String? = nil) async throws -> [[Any]] {
        let r = try await python("""
            import sqlite3, sys, json
            c = sqlite3.connect(sys.argv[1]); print(json.dumps([list(r) for r in c.execute(sys.argv[2])])); c.close()
            """, [db ?? self.db, sql])
        if r.status != 0 { throw SandboxError("sqlite3 failed: \(r.stderr)") }
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[Any]])
    }

    func journalCount() async throws -> Int { try #require(try await query("SELECT COUNT(*) FROM journal").first?.first as? Int) }

    func python(_ code: String, _ args: [String]) async throws -> RunResult {
        let env = ProcessInfo.processInfo.environment
        var r = try await Running(executable: "/usr/bin/env", arguments: ["python3", "-c", code] + args, environment: env, dir: dir).wait()
        r.arguments = ["python3"] + args
        return r
    }

    // MARK: Copies of a prepared store

    /// Copies the store (and its WAL) to `name`, after folding the WAL in.
    func snapshotStore(as name: String) async throws -> String {
        try await sql("PRAGMA wal_checkpoint(TRUNCATE);")
        let target = path(name)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: db + suffix) {
            try? FileManager.default.removeItem(atPath: target + suffix)
            try FileManager.default.copyItem(atPath: db + suffix, toPath: target + suffix)
        }
        return target
    }

    /// Makes `db` a fresh copy of `template`.
    func restore(_ template: String, into name: String) throws {
        let target = path(name)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: template + suffix) {
            try FileManager.default.copyItem(atPath: template + suffix, toPath: target + suffix)
        }
        db = target
    }
}

struct SandboxError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A cohort's routes counted per backend.
func counts(_ routes: [String: String]) -> [String: Int] {
    routes.values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
}

/// The entries of one kind in a history.
func entries(_ history: [[String: Any]], kind: String) -> [[String: Any]] {
    history.filter { $0["kind"] as? String == kind }
}
