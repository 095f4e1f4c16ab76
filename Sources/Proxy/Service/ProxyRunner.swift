import Logging
import ServiceLifecycle

/// The proxy's own work while the servers run: following the routing table, switching, saving the
/// state file — and, on graceful shutdown (SIGTERM), the drain: refuse new chargers, close every
/// connected one with 1012 (recorded as `router`), wait for them (`drainTimeout`, then drop the rest),
/// write the logs out. Listed last in the group, it is shut down first.
struct ProxyRunner: Service {
    let proxy: OCPPProxy

    func run() async throws {
        let background = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await proxy.follower.run() }
                group.addTask { await proxy.switchboard.run() }
                group.addTask { await saveState() }
            }
        }
        try? await gracefulShutdown()
        await drain()
        background.cancel()
        await background.value
        saveStateNow(force: true)
        await proxy.context.recorder.stop()
        proxy.logger.info("proxy stopped")
    }

    private func drain() async {
        proxy.core.stopAdmitting()
        let sessions = proxy.context.registry.sessions
        proxy.logger.info("shutting down: closing chargers with 1012", metadata: ["chargers": "\(sessions.count)"])
        for session in sessions { session.closeNow(reason: "shutdown") }
        let timeout = proxy.configuration.drainTimeout
        await withTaskGroup(of: Void.self) { group in
            for session in sessions {
                group.addTask {
                    if await !session.ended(timeout: timeout) { await session.terminate() }
                }
            }
        }
    }

    private func saveState() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            saveStateNow(force: false)
        }
    }

    private func saveStateNow(force: Bool) {
        guard let file = proxy.state, let memories = proxy.context.registry.takeSnapshot(force: force) else { return }
        do { try file.save(memories) } catch {
            proxy.logger.error("cannot write the state file", metadata: ["path": "\(file.path)", "error": "\(error)"])
        }
    }
}
