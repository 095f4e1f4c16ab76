import Foundation
import Testing

extension Sandbox {
    /// Runs `migrate ARGS --db DB --now NOW` and waits without blocking a thread: output goes to files,
    /// the end comes through the process's termination handler.
    @discardableResult
    /// `global: false` leaves out `--db` and `--now` (for `validate` and `schema`, which take neither).
    func runAsync(_ args: [String], now: String? = nil, actor: String? = nil, db: String? = nil, global: Bool = true,
                  environment extra: [String: String] = [:]) async throws -> RunResult {
        var full = args
        if global { full += ["--db", db ?? self.db] }
        if global, !args.contains("--now") { full += ["--now", now ?? self.now] }
        if let actor { full += ["--actor", actor] }
        let id = UUID().uuidString
        let outURL = dir.appendingPathComponent("out-\(id)"), errURL = dir.appendingPathComponent("err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Paths.migrate)
        process.arguments = full
        process.environment = environment.merging(extra) { $1 }
        process.currentDirectoryURL = dir
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let (status, signaled) = try await withCheckedThrowingContinuation { (c: CheckedContinuation<(Int32, Bool), any Error>) in
            process.terminationHandler = { p in c.resume(returning: (p.terminationStatus, p.terminationReason == .uncaughtSignal)) }
            do { try process.run() } catch { process.terminationHandler = nil; c.resume(throwing: error) }
        }
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return RunResult(status: status, signaled: signaled, stdout: out, stderr: err, arguments: full)
    }

    /// Runs and requires exit 0.
    @discardableResult
    func okAsync(_ args: [String], now: String? = nil, actor: String? = nil, global: Bool = true,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> RunResult {
        let r = try await runAsync(args, now: now, actor: actor, global: global)
        #expect(r.status == 0 && !r.signaled, "\(r)", sourceLocation: sourceLocation)
        if r.status != 0 { throw SandboxError("command failed: \(r)") }
        return r
    }

    /// The fleet of `setUp` and a cohort on `playbook` (a file in the sandbox or a fixture), at t0.
    func setUpAsync(chargers: Int = 4, cohort: String = "north", playbook: String) async throws {
        let csv = try write("fleet.csv", Self.fleetCSV(count: chargers))
        try await okAsync(["fleet", "import", csv], now: Self.t0)
        try await okAsync(["cohort", "create", cohort, "--playbook", playbook, "--all"], now: Self.t0)
    }

    /// `migrate verify` exits 0.
    func verifiesAsync(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let r = try await runAsync(["verify"])
        #expect(r.status == 0, "verify: \(r)", sourceLocation: sourceLocation)
    }
}

extension Sandbox {
    /// Runs `command` (a program and its arguments, e.g. `runuser -u nobody -- migrate ...`) as it is, waiting without blocking.
    func runCommand(_ command: [String]) async throws -> RunResult {
        let id = UUID().uuidString
        let outURL = dir.appendingPathComponent("out-\(id)"), errURL = dir.appendingPathComponent("err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = environment.filter { $0.key != "MIGRATE_DB" && $0.key != "MIGRATE_NOW" }
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let (status, signaled) = try await withCheckedThrowingContinuation { (c: CheckedContinuation<(Int32, Bool), any Error>) in
            process.terminationHandler = { p in c.resume(returning: (p.terminationStatus, p.terminationReason == .uncaughtSignal)) }
            do { try process.run() } catch { process.terminationHandler = nil; c.resume(throwing: error) }
        }
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return RunResult(status: status, signaled: signaled, stdout: out, stderr: err, arguments: command)
    }
}
