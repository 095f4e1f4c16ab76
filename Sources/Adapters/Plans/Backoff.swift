/// Exponential back-off between attempts: `base`, `2 × base`, `4 × base`, ... never more than `cap`.
public struct Backoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    /// 0.5 s, 1 s, 2 s, 4 s, ... at most 30 s.
    public static let standard = Backoff(base: .milliseconds(500), cap: .seconds(30))

    /// The pause after failed attempt `attempt` (1-based) and before the next one.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var delay = base
        var n = 1
        while n < attempt, delay < cap {
            delay *= 2
            n += 1
        }
        return min(delay, cap)
    }
}
