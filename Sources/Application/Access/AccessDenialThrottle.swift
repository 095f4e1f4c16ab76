import Foundation

/// Keeps someone hammering a write they may not make from growing the journal without bound: at most one
/// `access-denied` entry per person and route in each `window`; the refusals in between are not journaled, only
/// counted (`/metrics`), and the next entry for that person and route says how many it stands for (`repeated`).
/// The refusal itself (403) is answered every time. Kept in memory by the server that answers.
public final class AccessDenialThrottle: @unchecked Sendable {
    public let window: TimeInterval
    private let lock = NSLock()
    private var seen: [String: (journaled: Date, unjournaled: Int)] = [:]
    private var unjournaledTotal = 0

    public init(window: TimeInterval = 60) {
        self.window = window
    }

    /// What to do with a refusal of `person` on `route` at `now`: `.journal(repeated:)` with the refusals not
    /// journaled since the last entry (that entry's `repeated`), or `.count` (not journaled, counted).
    public func admit(person: String, route: String, at now: Date) -> Decision {
        lock.withLock {
            let key = person + "\u{1F}" + route
            if let last = seen[key], now.timeIntervalSince(last.journaled) < window, now >= last.journaled {
                seen[key] = (last.journaled, last.unjournaled + 1)
                unjournaledTotal += 1
                return .count
            }
            let repeated = seen[key]?.unjournaled ?? 0
            seen[key] = (now, 0)
            if seen.count > 10_000 { seen = seen.filter { now.timeIntervalSince($0.value.journaled) < window || $0.value.unjournaled > 0 } }
            return .journal(repeated: repeated)
        }
    }

    /// Gives back a `.journal` decision whose entry could not be appended: its refusals count as not journaled.
    func failed(person: String, route: String, repeated: Int) {
        lock.withLock { seen[person + "\u{1F}" + route] = repeated > 0 ? (.distantPast, repeated) : nil }
    }

    /// Refusals not journaled (folded into a later entry's `repeated`) since the server started.
    public var unjournaled: Int { lock.withLock { unjournaledTotal } }

    public enum Decision: Equatable, Sendable {
        case journal(repeated: Int)
        case count
    }
}
