import Foundation
import Spawn
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of a program, without a shell, with a timeout: how plan `run` steps and `check: {run: ...}` gates start
/// programs. Its stdout and stderr share one pipe, read while it runs (a chatty program never blocks on a full pipe);
/// the first and last bytes of its output are kept.
struct ProgramRun: Sendable {
    /// How the program ended.
    enum End: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Still running at the timeout: sent SIGTERM, and SIGKILL (`killed`) when it outlived the grace.
        case timedOut(killed: Bool)
        /// The task running it was cancelled (migrate is stopping); the program was asked to stop.
        case cancelled(Int32)
        case other(Int32)
    }

    var end: End
    var elapsed: Duration
    var output: OutputTail

    /// Why a program could not be started.
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the program at `path` and waits for it to end (at most `timeout`, then `killGrace` after SIGTERM).
    static func start(path: String, arguments: [String], environment: [String: String], timeout: Duration, killGrace: Duration,
                      outputLimit: Int, headLimit: Int = 0) async -> Result<ProgramRun, StartFailure> {
        // stdout and stderr share one pipe, so their lines stay in order. The parent's ends are close-on-exec; the
        // child gets copies as fd 1 and 2 and closes everything else (ChildProcess), so programs started at the same
        // time never hold this pipe's write end (which would hide the end of the output).
        guard let (readEnd, writeEnd) = closeOnExecPipe() else {
            return .failure(StartFailure(description: "could not create a pipe (errno \(errno))"))
        }
        let child: ChildProcess
        do {
            // Its own process group, so a timeout stops what it started too; every signal at its default action.
            child = try ChildProcess.start(path, arguments, environment: environment, stdin: .null,
                                           stdout: .descriptor(writeEnd.fileDescriptor), stderr: .descriptor(writeEnd.fileDescriptor),
                                           newProcessGroup: true)
            try? writeEnd.close()
        } catch {
            try? writeEnd.close()
            try? readEnd.close()
            return .failure(StartFailure(description: "could not start: \(error)"))
        }
        let exited = Signal()
        child.whenExited { _ in exited.set() }
        let started = ContinuousClock.now

        let output = OutputTail(limit: outputLimit, headLimit: headLimit)
        let drained = Signal()
        let thread = Thread {
            while case let data = readEnd.availableData, !data.isEmpty {
                output.append(data)
            }
            try? readEnd.close()
            drained.set()
        }
        thread.start()

        var timedOut = false
        var killed = false
        let finishedInTime = await withTaskCancellationHandler {
            await exited.wait(timeout: timeout)
        } onCancel: {
            // Cancelled (migrate is stopping): ask the program to stop too; the timeout still applies.
            // (Never once it has been reaped: its pid may already belong to another process.)
            child.signalGroup(SIGTERM)
        }
        if !finishedInTime {
            timedOut = true
            child.signalGroup(SIGTERM)
            if await !exited.wait(timeout: killGrace) {
                killed = true
                child.signalGroup(SIGKILL)
                _ = await exited.wait(timeout: .seconds(3600))
            }
        }
        // Something the program left running may hold the pipe open; don't wait for it long.
        _ = await drained.wait(timeout: .seconds(1))
        let elapsed = ContinuousClock.now - started

        let end: End
        let exit = child.exited ?? ChildProcess.Exit(status: -1, signaled: false)
        if timedOut {
            end = .timedOut(killed: killed)
        } else if Task.isCancelled {
            end = .cancelled(exit.status)
        } else {
            end = exit.signaled ? .signaled(exit.status) : .exited(exit.status)
        }
        return .success(ProgramRun(end: end, elapsed: elapsed, output: output))
    }

    /// A pipe whose two ends are close-on-exec, made while no program is being started through
    /// `launchWithDefaultSignalMask` (Glibc's Swift module has no `pipe2`), for Foundation `Process` users.
    static func closeOnExecPipe() -> (read: FileHandle, write: FileHandle)? {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (FileHandle(fileDescriptor: fds[0], closeOnDealloc: false), FileHandle(fileDescriptor: fds[1], closeOnDealloc: false))
    }
}
