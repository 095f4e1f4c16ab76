import Engine
import Foundation
import Playbook

extension MigrationService {
    /// The cohort's quarantined segments (why, since when) and the chargers its preflights held back.
    public func segments(of cohort: String) throws -> CohortSegments {
        try store.snapshot(of: cohort).segments
    }

    /// Lets the quarantined segment `attribute`=`value` back in: journaled, and the scope in force routes its chargers
    /// again (after the preflight). Refused when the segment is not quarantined or the cohort is paused or rolling back.
    public func release(_ cohort: String, attribute: String, value: String, reason: String, as invocation: Invocation) async throws -> TransitionResult {
        try await transition(.release(attribute: attribute, value: value), cohort: cohort, reason: reason, invocation)
    }
}

/// A segment as commands name it: `ATTR=VALUE` (the value may itself contain `=`).
public struct SegmentName: Sendable, Equatable, CustomStringConvertible {
    public var attribute: String
    public var value: String

    public init(attribute: String, value: String) {
        self.attribute = attribute
        self.value = value
    }

    /// Parses `model=GL-DUO`; throws invalid input naming what is wrong.
    public init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex, text.index(after: equals) != text.endIndex else {
            throw MigrateError.invalid("'\(text)' is not a segment; write ATTRIBUTE=VALUE, e.g. model=GL-DUO")
        }
        attribute = String(text[..<equals])
        value = String(text[text.index(after: equals)...])
    }

    public var description: String { "\(attribute)=\(value)" }
}
