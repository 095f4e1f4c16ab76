import Foundation
import PostgresStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

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

/// A throwaway cluster of its own (`.ci/postgres.sh` on a free port and a directory of its own), stopped and
/// removed when released. The port is one the system just handed out, so suites running at once (or another
/// checkout's tests on the same machine) never share a cluster; when another process takes it first, the next
/// free one is tried.
final class OwnPostgresCluster: Sendable {
    let url: PostgresURL
    let control: String
    let dir: String

    init() async throws {
        let script = Paths.packageRoot.appendingPathComponent(".ci/postgres.sh").path
        var failure = ""
        for _ in 0..<3 {
            let port = try Self.freePort()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-pg-\(port)").path
            let out = try await Shell.run(["/bin/bash", script], environment: ["MIGRATE_TEST_POSTGRES_PORT": String(port), "MIGRATE_TEST_POSTGRES_DIR": dir])
            guard out.status == 0 else {
                failure = out.stderr
                try? FileManager.default.removeItem(atPath: dir)
                continue
            }
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
            self.dir = dir
            return
        }
        throw SandboxError("could not start a cluster of its own: \(failure)")
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now (bound to port 0, read back, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SandboxError("socket() failed: errno \(errno)") }
        defer { _ = Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw SandboxError("bind to 127.0.0.1:0 failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `stop`, `start`, `kill` (SIGKILL the server) or `restart` (immediate: every session ends at once).
    func control(_ action: String) async throws {
        let r = try await Shell.run(["/bin/bash", control, action])
        guard r.status == 0 else { throw SandboxError("\(control) \(action) failed: \(r.stderr)") }
    }

    deinit {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        // Stopped, then its directory removed: each cluster has a port and a directory of its own.
        p.arguments = ["-c", "\"$0\" stop; rm -rf \"$1\"", control, dir]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try? p.run()
    }
}

/// Runs a program and waits without blocking a thread of the cooperative pool. The end is seen through a file the
/// shell writes when the program exits (the server it may start stays behind as a daemon).
enum Shell {
    struct Output { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ command: [String], environment extra: [String: String] = [:]) async throws -> Output {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "\"$@\" > \"$0/out\" 2> \"$0/err\" < /dev/null; echo $? > \"$0/status.tmp\"; mv \"$0/status.tmp\" \"$0/status\"",
                             dir.path] + command
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let statusURL = dir.appendingPathComponent("status")
        while !FileManager.default.fileExists(atPath: statusURL.path) { try await Task.sleep(nanoseconds: 20_000_000) }
        let status = Int32((try String(contentsOf: statusURL, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        return Output(status: status, stdout: (try? String(contentsOf: dir.appendingPathComponent("out"), encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: dir.appendingPathComponent("err"), encoding: .utf8)) ?? "")
    }
}

/// The concurrency tests start several commands of one sandbox at once; a sandbox is only read while they run.
extension Sandbox: @unchecked Sendable {}
