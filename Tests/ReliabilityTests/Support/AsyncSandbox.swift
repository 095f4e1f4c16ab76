import Foundation
import Testing

/// Runs the built `migrate` in a sandbox without blocking a thread of the cooperative pool: output goes to files,
/// the end comes through the termination handler. The async twins of `run`, `ok` and the JSON readers.
extension Sandbox {
    func exec(_ args: [String], now: String? = nil, actor: String? = nil) async throws -> RunResult {
        var full = args + ["--db", db]
        if !args.contains("--now") { full += ["--now", now ?? self.now] }
        if let actor { full += ["--actor", actor] }
        let id = UUID().uuidString
        let outURL = dir.appendingPathComponent("out-\(id)"), errURL = dir.appendingPathComponent("err-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Paths.migrate)
        process.arguments = full
        process.environment = environment
        process.currentDirectoryURL = dir
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let (status, signaled): (Int32, Bool) = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: ($0.terminationStatus, $0.terminationReason == .uncaughtSignal)) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return RunResult(status: status, signaled: signaled, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "", arguments: full)
    }

    /// Runs and requires exit 0.
    @discardableResult
    func must(_ args: [String], now: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RunResult {
        let r = try await exec(args, now: now)
        #expect(r.status == 0 && !r.signaled, "\(r)", sourceLocation: sourceLocation)
        if r.status != 0 { throw SandboxError("command failed: \(r)") }
        return r
    }

    /// Runs a command that prints JSON (exit 0) and parses it.
    func parsed(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Any {
        let r = try await must(args, sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8), options: [.fragmentsAllowed])
    }

    func statusObject(_ cohort: String) async throws -> [String: Any] {
        try #require(try await parsed(["status", cohort, "--json"]) as? [String: Any])
    }

    func historyEntries(_ cohort: String) async throws -> [[String: Any]] {
        try #require(try await parsed(["history", cohort, "--json"]) as? [[String: Any]])
    }

    /// Charger → backend, from `migrate routes`.
    func routesOf(_ cohort: String) async throws -> [String: String] {
        let rows = try #require(try await parsed(["routes", "--format", "json", "--cohort", cohort]) as? [[String: Any]])
        var map: [String: String] = [:]
        for r in rows { map[try #require(r["charger"] as? String)] = try #require(r["backend"] as? String) }
        return map
    }

    /// `migrate verify --json` must say ok; the number of journal entries.
    @discardableResult
    func verified(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        let obj = try #require(try await parsed(["verify", "--json"], sourceLocation: sourceLocation) as? [String: Any])
        #expect(obj["ok"] as? Bool == true, "verify: \(obj)", sourceLocation: sourceLocation)
        return try #require(obj["entries"] as? Int)
    }
}
