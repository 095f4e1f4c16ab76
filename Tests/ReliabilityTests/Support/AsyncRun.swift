import Foundation
import Testing

extension Sandbox {
    /// Runs `migrate ARGS --db DB --now NOW` and waits without blocking a thread (`Running`).
    /// `global: false` leaves out `--db` and `--now` (for `validate` and `schema`, which take neither).
    @discardableResult
    func runAsync(_ args: [String], now: String? = nil, actor: String? = nil, db: String? = nil, global: Bool = true,
                  environment extra: [String: String] = [:]) async throws -> RunResult {
        var full = args
        if global { full += ["--db", db ?? self.db] }
        if global, !args.contains("--now") { full += ["--now", now ?? self.now] }
        if let actor { full += ["--actor", actor] }
        return try await Running(arguments: full, environment: environment.merging(extra) { $1 }, dir: dir).wait()
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
        let environment = environment.filter { $0.key != "MIGRATE_DB" && $0.key != "MIGRATE_NOW" }
        return try await Running(executable: command[0], arguments: Array(command.dropFirst()), environment: environment,
                                 dir: dir, workingDirectory: URL(fileURLWithPath: "/")).wait()
    }
}
