import Synchronization

/// The live charger sessions and what the proxy remembers of every charger, by charger id.
///
/// Admissions of one charger take turns (`acquire`/`release`), so that a charger never has two
/// upstreams to one backend: a new connection first ends the old session completely (charger and
/// upstreams closed) and only then opens its own upstream.
final class SessionRegistry: Sendable {
    private struct State {
        var sessions: [String: ChargerSession] = [:]
        var memories: [String: ChargerMemory] = [:]
        /// Chargers whose admission is under way, with the admissions waiting for their turn.
        var turns: [String: [CheckedContinuation<Void, Never>]] = [:]
        var dirty = false
    }

    private let state = Mutex(State())
    private let snapshotChanges = Mutex(0)

    init(memories: [String: ChargerMemory] = [:]) {
        state.withLock { $0.memories = memories }
    }

    /// Waits until no other admission of `charger` is under way, then holds the turn.
    func acquire(_ charger: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now: Bool = state.withLock { state in
                if var waiting = state.turns[charger] {
                    waiting.append(continuation)
                    state.turns[charger] = waiting
                    return false
                }
                state.turns[charger] = []
                return true
            }
            if now { continuation.resume() }
        }
    }

    /// Passes the turn of `charger` to the next waiting admission, if any.
    func release(_ charger: String) {
        let next: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard var waiting = state.turns[charger] else { return nil }
            if waiting.isEmpty {
                state.turns[charger] = nil
                return nil
            }
            let first = waiting.removeFirst()
            state.turns[charger] = waiting
            return first
        }
        next?.resume()
    }

    func session(_ charger: String) -> ChargerSession? { state.withLock { $0.sessions[charger] } }

    var sessions: [ChargerSession] { state.withLock { Array($0.sessions.values) } }

    func register(_ session: ChargerSession) {
        state.withLock { $0.sessions[session.charger] = session }
    }

    /// Removes `session` (if it is still the charger's current one) and keeps its memory.
    func unregister(_ session: ChargerSession, memory: ChargerMemory) {
        state.withLock { state in
            if state.sessions[session.charger] === session { state.sessions[session.charger] = nil }
            state.memories[session.charger] = memory
            state.dirty = true
        }
    }

    func memory(of charger: String) -> ChargerMemory {
        state.withLock { $0.memories[charger] ?? ChargerMemory() }
    }

    /// Every charger's memory, live sessions' included — or nil when nothing changed since the last call.
    func takeSnapshot(force: Bool = false) -> [String: ChargerMemory]? {
        let (stored, sessions, dirty) = state.withLock { state in
            defer { state.dirty = false }
            return (state.memories, Array(state.sessions.values), state.dirty)
        }
        let changes = sessions.reduce(0) { $0 &+ $1.memoryChanges &* 31 &+ $1.charger.hashValue }
        let changed = snapshotChanges.withLock { last in
            defer { last = changes }
            return last != changes
        }
        guard force || dirty || changed else { return nil }
        var memories = stored
        for session in sessions { memories[session.charger] = session.currentMemory }
        return memories
    }
}
