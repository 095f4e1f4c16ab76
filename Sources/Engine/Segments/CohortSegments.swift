import Foundation
import Gates

/// A cohort's chargers set aside: quarantined segments and chargers held back by a preflight. Kept by the journal:
/// `apply` is the one rule for how an entry changes them, shared by the in-memory replay (`FleetState`) and the
/// stores' projections, like `Cohort.apply`.
public struct CohortSegments: Sendable, Equatable {
    /// Sorted by attribute, then value.
    public var quarantines: [Quarantine]
    /// Sorted by charger.
    public var held: [HeldCharger]

    public init(quarantines: [Quarantine] = [], held: [HeldCharger] = []) {
        self.quarantines = quarantines
        self.held = held
    }

    public var isEmpty: Bool { quarantines.isEmpty && held.isEmpty }

    /// Every charger of a quarantined segment.
    public var quarantinedChargers: Set<String> { Set(quarantines.flatMap(\.chargers)) }
    public var heldChargers: Set<String> { Set(held.map(\.charger)) }

    public func quarantine(attribute: String, value: String) -> Quarantine? {
        quarantines.first { $0.attribute == attribute && $0.value == value }
    }

    /// Whether `entry` can change a cohort's segments (the stores skip reading them for other entries).
    public static func concerns(_ event: JournalEvent) -> Bool {
        switch event {
        case .segmentQuarantined, .segmentReleased, .preflightHeld, .routeChanged, .restarted, .rolledBack: true
        default: false
        }
    }

    /// Applies one entry about the cohort. A quarantine adds (or widens) its segments; a release removes one; a
    /// preflight's held chargers replace their earlier flags; a route change clears the flags of the chargers it
    /// routes; a rollback or restart clears every flag (quarantines stay until released).
    public mutating func apply(_ entry: JournalEntry) throws {
        switch entry.event {
        case let .segmentQuarantined(p):
            for s in p.segments {
                if let i = quarantines.firstIndex(where: { $0.attribute == s.attribute && $0.value == s.value }) {
                    quarantines[i].chargers = Array(Set(quarantines[i].chargers).union(s.chargers)).sorted()
                } else {
                    quarantines.append(Quarantine(attribute: s.attribute, value: s.value, chargers: s.chargers.sorted(), gate: s.gate,
                                                  detail: s.detail, phase: p.phase, since: entry.at, seq: entry.seq))
                }
            }
            quarantines.sort { ($0.attribute, $0.value) < ($1.attribute, $1.value) }
        case let .segmentReleased(p):
            guard quarantines.contains(where: { $0.attribute == p.attribute && $0.value == p.value }) else {
                throw ProjectionError(seq: entry.seq, message: "releases segment \(p.attribute)=\(p.value) of cohort \(entry.cohort ?? ""), which is not quarantined")
            }
            quarantines.removeAll { $0.attribute == p.attribute && $0.value == p.value }
        case let .preflightHeld(p):
            let named = Set(p.chargers.map(\.charger))
            held.removeAll { named.contains($0.charger) }
            held += p.chargers.map { HeldCharger(charger: $0.charger, phase: p.phase, reasons: $0.reasons, since: entry.at, seq: entry.seq) }
            held.sort { $0.charger < $1.charger }
        case let .routeChanged(p):
            guard !held.isEmpty else { return }
            let routed = Set(p.chargers)
            held.removeAll { routed.contains($0.charger) }
        case .restarted, .rolledBack:
            held = []
        default:
            return
        }
    }
}

private func < (a: (String, String), b: (String, String)) -> Bool { a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }
