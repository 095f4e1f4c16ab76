import Application
import AsyncHTTPClient
import Foundation
import Store
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built `migrate serve` as a process: it prints where it listens, answers, and stops cleanly on SIGTERM,
/// giving up the evaluator lease so another server takes over at once.
@Suite("Server: the migrate serve process")
struct ServeProcessTests {
    static let migrate: String = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/", !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url.appendingPathComponent(".build/debug/migrate").path
    }()

    @Test("SIGTERM: exit 0, the lease given up; token create prints the secret once and list never shows it",
          .disabled(if: !FileManager.default.isExecutableFile(atPath: migrate), "the migrate binary is not built (swift build)"))
    func gracefulStop() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("serve-process-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("migrate.db").path
        let env = ["MIGRATE_DB": db, "MIGRATE_ACTOR": "ops-bot"]
        let create = try await Self.run(["token", "create", "--person", "alice", "--role", "viewer"], env: env, dir: dir)
        #expect(create.status == 0)
        let secret = create.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("mgt_") && secret.count == 47, "\(create)")
        let list = try await Self.run(["token", "list"], env: env, dir: dir)
        #expect(list.out.contains("alice") && !list.out.contains(secret))

        let out = dir.appendingPathComponent("serve.out")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.migrate)
        p.arguments = ["serve", "--listen", "127.0.0.1:0", "--evaluate-every", "200ms"]
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = FileHandle.nullDevice
        try p.run()
        var port: Int?
        for _ in 0..<600 where port == nil {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if let r = text.range(of: "listening on http://127.0.0.1:") {
                port = Int(text[r.upperBound...].prefix { $0.isNumber })
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let listening = try #require(port, "no 'listening on' line")
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(listening)/api/me")
        request.headers.add(name: "Authorization", value: "Bearer \(secret)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        #expect(String(buffer: body).contains("\"person\":\"alice\""))
        try await Task.sleep(for: .milliseconds(500)) // a few watch passes: the lease is this server's
        let other = MigrationService(store: try MigrateStore(path: db))
        #expect(try !other.takeEvaluatorLease(holder: "other", now: Date(), ttl: 60), "the running server holds the lease")

        kill(p.processIdentifier, SIGTERM)
        for _ in 0..<300 where p.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!p.isRunning)
        #expect(p.terminationStatus == 0)
        #expect(try other.takeEvaluatorLease(holder: "other", now: Date(), ttl: 60), "a stopped server gave the lease up")
        #expect(try other.verify().ok)
    }

    static func run(_ arguments: [String], env: [String: String], dir: URL) async throws -> (status: Int32, out: String) {
        let out = dir.appendingPathComponent("cli-\(UUID().uuidString.prefix(6)).out")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: migrate)
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = FileHandle.nullDevice
        try p.run()
        while p.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return (p.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "")
    }
}
