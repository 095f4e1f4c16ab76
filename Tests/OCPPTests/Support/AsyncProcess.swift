import Foundation
import Spawn

/// Runs a program to its end without blocking a thread: output goes to files, the end comes from the
/// thread that reaps the child.
enum AsyncProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ program: String, _ arguments: [String]) async throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        // posix_spawn (Spawn.ChildProcess): Foundation's Process.run() crashes now and then on Linux.
        let end = await (try ChildProcess.start(program, arguments, stdout: .file(outURL.path), stderr: .file(errURL.path))).wait()
        let status = end.signaled ? 128 + end.status : end.status
        return Result(status: status, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
