import Foundation

/// Who acts, and the engine's clock.
public struct Invocation: Sendable {
    public var actor: String
    /// The engine's clock: the system clock, a fixed `--now`, or a test's.
    public var clock: any EngineClock
    /// True when the clock was given (`--now`): the journal marks such entries, and plan `wait` steps do not
    /// sleep (the command stops and says until when the plan waits).
    public var simulated: Bool

    public init(actor: String, simulated: Bool, clock: any EngineClock) {
        self.actor = actor
        self.simulated = simulated
        self.clock = clock
    }

    /// The system clock, for people and services acting now.
    public static func live(actor: String) -> Invocation {
        Invocation(actor: actor, simulated: false, clock: SystemClock())
    }

    /// A fixed clock (`--now`), for replays, demos and tests.
    public static func simulated(actor: String, at time: Date) -> Invocation {
        Invocation(actor: actor, simulated: true, clock: FixedClock(time))
    }

    /// The same clock, another person acting.
    public func acting(as actor: String) -> Invocation {
        Invocation(actor: actor, simulated: simulated, clock: clock)
    }

    /// Now, to the second, as the journal stores it.
    public var now: Date { ISOTime.truncate(clock.now()) }
}
