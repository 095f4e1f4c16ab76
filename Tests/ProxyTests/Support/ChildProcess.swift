import Foundation
import Spawn
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A process started by a test: its standard output and error go to files (no pipe can fill up and
/// stall it), its standard input is a pipe the test writes commands to. Waiting never blocks a thread:
/// it polls with `Task.sleep`.
final class ChildProcess: @unchecked Sendable {
    let name: String
    /// Started with posix_spawn (Spawn.ChildProcess): Foundation's Process.run() crashes now and then on Linux.
    private let child: Spawn.ChildProcess
    let stdoutURL: URL
    let stderrURL: URL
    private let input: FileHandle

    init(name: String, executable: String, arguments: [String], directory: URL, environment: [String: String] = [:]) throws {
        self.name = name
        let id = UUID().uuidString.prefix(8)
        stdoutURL = directory.appendingPathComponent("\(name)-\(id).out")
        stderrURL = directory.appendingPathComponent("\(name)-\(id).err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw PeerFailure("\(name): no pipe (errno \(errno))") }
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        defer { close(fds[0]) }
        do {
            child = try Spawn.ChildProcess.start(executable, arguments, environment: env, directory: directory.path,
                                                 stdin: .descriptor(fds[0]), stdout: .file(stdoutURL.path), stderr: .file(stderrURL.path))
        } catch {
            close(fds[1])
            throw error
        }
        input = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
    }

    var pid: Int32 { child.pid }
    var isRunning: Bool { child.exited == nil }
    /// The exit status (or 128 + the signal), once it has ended.
    var terminationStatus: Int32 { child.exited.map { $0.signaled ? 128 + $0.status : $0.status } ?? -1 }

    /// Writes one line to the process's standard input.
    func send(_ line: String) {
        input.write(Data((line + "\n").utf8))
    }

    func output() -> String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    func errors() -> String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Complete lines of standard output so far.
    func lines() -> [String] {
        let text = output()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if !text.hasSuffix("\n"), !lines.isEmpty { lines.removeLast() }
        return lines
    }

    /// Waits for a line of standard output that satisfies `predicate`; fails the test (throws) after `timeout`.
    @discardableResult
    func waitForLine(_ what: String, timeout: Duration = .seconds(60), where predicate: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines().first(where: predicate) { return line }
            if !isRunning, lines().first(where: predicate) == nil {
                throw PeerFailure("\(name) exited (\(terminationStatus)) before \(what)\n\(tail())")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        // Once more after the deadline: a starved thread pool can wake this task only after it has passed.
        if let line = lines().first(where: predicate) { return line }
        throw PeerFailure("\(name): no \(what) within \(timeout)\n\(tail())")
    }

    func tail() -> String {
        "--- \(name) stdout (last 30 lines):\n" + lines().suffix(30).joined(separator: "\n")
            + "\n--- \(name) stderr (last 30 lines):\n" + errors().split(separator: "\n").suffix(30).joined(separator: "\n")
    }

    func signal(_ number: Int32) { child.signal(number) }

    /// Waits for the process to exit; its status, or nil when it is still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            if ContinuousClock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return terminationStatus
    }

    /// Ends the process (SIGKILL) and waits for it.
    func stop() async {
        signal(SIGKILL)
        _ = try? await waitForExit(timeout: .seconds(10))
    }

    deinit { child.signal(SIGKILL) }
}

struct PeerFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses one JSON object line.
func jsonObject(_ line: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
}
