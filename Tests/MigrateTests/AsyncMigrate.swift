import Foundation
import Spawn

/// Runs the built `migrate` without blocking a thread of the cooperative pool: output to files, the end
/// through the termination handler.
enum AsyncMigrate {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\nstdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))" }
    }

    static func run(_ arguments: [String], in directory: URL) async throws -> Result {
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent(".out-\(id)"), errURL = directory.appendingPathComponent(".err-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MIGRATE_") }
        let end = await (try ChildProcess.start(Migrate.executable.path, arguments, environment: environment, directory: directory.path,
                                                stdout: .file(outURL.path), stderr: .file(errURL.path))).wait()
        let status = end.signaled ? 128 + end.status : end.status
        return Result(status: status, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
