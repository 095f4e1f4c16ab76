import Foundation
import Glibc

/// Work that must never delay relaying (the evidence import: seconds of file reading and SQLite writes) runs on
/// a thread of its own below the relay's priority: the ordinary policy (SCHED_OTHER) even when the proxy runs
/// with a real-time one (`chrt -f`, systemd `CPUSchedulingPolicy=fifo`, which new threads inherit: a real-time
/// import would hold a core until it finished, and an event loop of the same priority would wait for it), and
/// nice `BackgroundThread.nice` (relaying gets the larger share of a busy core).
public enum BackgroundThread {
    /// The nice value the work runs at.
    public static let nice: Int32 = 10

    /// Runs `body` on a new thread named `name`, lowered as above.
    public static func run(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            lowerCurrentThread()
            body()
        }
        thread.name = name
        thread.start()
    }

    /// Lowers the calling thread (Linux: scheduling policy and nice value are per thread; `who` 0 is this thread).
    static func lowerCurrentThread() {
        var parameters = sched_param()
        parameters.sched_priority = 0
        _ = pthread_setschedparam(pthread_self(), Int32(SCHED_OTHER), &parameters)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
    }
}
