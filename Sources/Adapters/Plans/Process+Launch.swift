import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Held while a program is spawned and while a close-on-exec pipe is made, so that no program
/// started here inherits a pipe end in the moment before it is marked close-on-exec.
let spawnLock = NSLock()

extension Process {
    /// `run()`, from a short-lived thread whose signal mask is empty.
    ///
    /// On Linux a child inherits the signal mask of the thread that spawns it, and Dispatch's worker
    /// threads (where async code runs) block nearly every signal: a program started from one could
    /// not be stopped with SIGTERM (swift-corelibs-foundation issue #4772). Spawning from a thread
    /// with nothing blocked gives the program the default mask.
    package func launchWithDefaultSignalMask() async throws {
        let process = self
        let result: Result<Void, any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                var empty = sigset_t()
                sigemptyset(&empty)
                pthread_sigmask(SIG_SETMASK, &empty, nil)
                spawnLock.lock()
                defer { spawnLock.unlock() }
                do {
                    try process.run()
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.start()
        }
        try result.get()
    }
}
