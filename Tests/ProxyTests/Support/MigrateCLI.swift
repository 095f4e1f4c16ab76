import Foundation

/// What one `migrate` command printed and returned.
struct RunResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var arguments: [String]

    var description: String { "migrate \(arguments.joined(separator: " ")) → \(status)\n\(stdout)\n\(stderr)" }
}

/// Runs the built `migrate` as a user would, without blocking a thread while it runs.
enum MigrateCLI {
    static func run(_ arguments: [String], in directory: URL) async throws -> RunResult {
        let process = try ChildProcess(name: "migrate-\(arguments.first ?? "")", executable: Paths.migrate, arguments: arguments,
                                       directory: directory)
        guard let status = try await process.waitForExit(timeout: .seconds(60)) else {
            await process.stop()
            throw PeerFailure("migrate \(arguments.joined(separator: " ")) did not finish within 60 s")
        }
        return RunResult(status: status, stdout: process.output(), stderr: process.errors(), arguments: arguments)
    }

    /// Runs it and throws unless it exits 0.
    @discardableResult
    static func succeed(_ arguments: [String], in directory: URL) async throws -> RunResult {
        let result = try await run(arguments, in: directory)
        guard result.status == 0 else { throw PeerFailure("expected exit 0: \(result)") }
        return result
    }
}
