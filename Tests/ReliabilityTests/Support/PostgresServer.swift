import Foundation
import PostgresStore
import Testing

/// PostgreSQL for the command-line tests: the server `MIGRATE_TEST_POSTGRES` names (`.ci/postgres.sh` starts one),
/// a fresh database per sandbox; and, for the fault tests, a cluster of their own that they may kill and restart
/// without disturbing the tests that share the first.
enum PostgresServer {
    static let url: PostgresURL? = ProcessInfo.processInfo.environment["MIGRATE_TEST_POSTGRES"]
        .flatMap { $0.isEmpty ? nil : try? PostgresURL($0) }

    static let missing = "MIGRATE_TEST_POSTGRES is not set (eval \"$(.ci/postgres.sh)\" starts a server): the PostgreSQL command-line tests are skipped"

    /// A new database on `server` (default: the shared one), as a `--db` URL.
    static func freshDatabase(on server: PostgresURL? = url) throws -> String {
        guard let server else { throw SandboxError(missing) }
        let name = "migrate_rel_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try PostgresAdmin.createDatabase(String(name), on: server)
        return "postgres://\(server.user):\(server.password ?? "")@\(server.host):\(server.port)/\(name)?sslmode=disable"
    }
}

/// A throwaway cluster of its own (`.ci/postgres.sh` on another port and directory), stopped when released.
final class OwnPostgresCluster {
    let url: PostgresURL
    let control: String

    init(port: Int) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-pg-\(port)").path
        let script = Paths.packageRoot.appendingPathComponent(".ci/postgres.sh").path
        let out = try await Shell.run(["/bin/bash", script], environment: ["MIGRATE_TEST_POSTGRES_PORT": String(port), "MIGRATE_TEST_POSTGRES_DIR": dir])
        guard out.status == 0 else { throw SandboxError("could not start a cluster of its own: \(out.stderr)") }
        var exports: [String: String] = [:]
        for line in out.stdout.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst(7).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { exports[String(pair[0])] = String(pair[1]) }
        }
        guard let text = exports["MIGRATE_TEST_POSTGRES"], let ctl = exports["MIGRATE_TEST_POSTGRES_CTL"] else {
            throw SandboxError("postgres.sh printed no URL: \(out.stdout)")
        }
        url = try PostgresURL(text)
        control = ctl
    }

    /// `stop`, `start`, `kill` (SIGKILL the server) or `restart` (immediate: every session ends at once).
    func control(_ action: String) async throws {
        let r = try await Shell.run(["/bin/bash", control, action])
        guard r.status == 0 else { throw SandboxError("\(control) \(action) failed: \(r.stderr)") }
    }

    deinit {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [control, "stop"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try? p.run()
    }
}

/// Runs a program and waits without blocking a thread of the cooperative pool.
enum Shell {
    struct Output { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ command: [String], environment extra: [String: String] = [:]) async throws -> Output {
        let dir = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        let outURL = dir.appendingPathComponent("sh-out-\(id)"), errURL = dir.appendingPathComponent("sh-err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let status = try await withCheckedThrowingContinuation { (c: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { c.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { process.terminationHandler = nil; c.resume(throwing: error) }
        }
        return Output(status: status, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

/// The concurrency tests start several commands of one sandbox at once; a sandbox is only read while they run.
extension Sandbox: @unchecked Sendable {}
