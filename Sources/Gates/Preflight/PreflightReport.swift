import Foundation

/// A phase's preflight, judged for every candidate: who is healthy on `from`, and why the others are not.
public struct PreflightReport: Sendable, Equatable, Codable {
    public var phase: String
    /// The lookback the metrics were read over.
    public var window: EvidenceWindow
    /// Every candidate, in the order given.
    public var chargers: [ChargerHealth]

    public init(phase: String, window: EvidenceWindow, chargers: [ChargerHealth]) {
        self.phase = phase
        self.window = window
        self.chargers = chargers
    }

    /// The candidates that passed.
    public var healthy: Set<String> { Set(chargers.filter(\.healthy).map(\.charger)) }
    /// The candidates that failed, in order.
    public var unhealthy: [ChargerHealth] { chargers.filter { !$0.healthy } }
}

/// One charger's preflight: healthy, or the reasons it is not.
public struct ChargerHealth: Sendable, Equatable, Codable {
    public var charger: String
    public var healthy: Bool
    /// Each criterion it broke, in words ("connection_drops 2.3 > 1 per charger day over 7d").
    public var reasons: [String]

    public init(charger: String, healthy: Bool, reasons: [String]) {
        self.charger = charger
        self.healthy = healthy
        self.reasons = reasons
    }
}
