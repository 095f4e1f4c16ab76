import Foundation
import Glibc
@testable import Proxy
import Testing

/// The evidence import's thread runs below the relay: ordinary policy and nice 10, even when the proxy runs
/// real-time (its threads inherit that).
@Suite struct BackgroundThreadTests {
    struct Seen: Sendable, Equatable { var policy: Int32; var nice: Int32 }

    static func seen() -> Seen {
        errno = 0
        return Seen(policy: sched_getscheduler(0), nice: getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0))
    }

    /// Starts a thread with `policy` (SCHED_FIFO needs CAP_SYS_NICE: nil when it cannot have it), which starts the
    /// background work; what the work's thread saw.
    static func backgroundStarted(from policy: Int32) async -> (starter: Seen, work: Seen)? {
        await withCheckedContinuation { (done: CheckedContinuation<(starter: Seen, work: Seen)?, Never>) in
            let thread = Thread {
                var parameters = sched_param()
                parameters.sched_priority = policy == Int32(SCHED_FIFO) ? 10 : 0
                guard pthread_setschedparam(pthread_self(), policy, &parameters) == 0 else { return done.resume(returning: nil) }
                let starter = seen()
                BackgroundThread.run("test-background") { done.resume(returning: (starter, seen())) }
            }
            thread.start()
        }
    }

    @Test func theWorkRunsAtNiceTenWithTheOrdinaryPolicy() async throws {
        let seen = try #require(await Self.backgroundStarted(from: Int32(SCHED_OTHER)))
        #expect(seen.starter == Seen(policy: Int32(SCHED_OTHER), nice: 0))
        #expect(seen.work == Seen(policy: Int32(SCHED_OTHER), nice: BackgroundThread.nice))
    }

    @Test(.enabled(if: getuid() == 0, "a real-time policy needs root (CAP_SYS_NICE)"))
    func aRealTimeProxyStillImportsWithTheOrdinaryPolicy() async throws {
        guard let seen = await Self.backgroundStarted(from: Int32(SCHED_FIFO)) else {
            Issue.record("SCHED_FIFO refused although root: no CAP_SYS_NICE here")
            return
        }
        #expect(seen.starter.policy == Int32(SCHED_FIFO), "new threads inherit the real-time policy")
        #expect(seen.work == Seen(policy: Int32(SCHED_OTHER), nice: BackgroundThread.nice))
    }
}
