import NIOCore

/// Runs a task's jobs on one NIO event loop, so that a synchronous caller can wait for async PostgresNIO work
/// without needing a free thread of Swift's cooperative pool (the store's protocols are synchronous, and their
/// callers may themselves be on that pool).
final class EventLoopExecutor: TaskExecutor, @unchecked Sendable {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        loop.execute { unowned.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
