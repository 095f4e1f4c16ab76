import Foundation

/// The canonical JSON of journal payloads: sorted keys, UTC times to the second. The hash chain covers these bytes.
public enum JournalCoding {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(ISOTime.format(date))
        }
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = ISOTime.parse(s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO 8601 time: \(s)")
            }
            return date
        }
        return d
    }

    /// The payload of `event` as canonical JSON text.
    public static func payload(of event: JournalEvent) throws -> String {
        let e = encoder()
        let data: Data = switch event {
        case let .fleetImported(p): try e.encode(p)
        case let .created(p): try e.encode(p)
        case let .routeChanged(p): try e.encode(p)
        case let .advanced(p): try e.encode(p)
        case let .completed(p): try e.encode(p)
        case let .blocked(p): try e.encode(p)
        case let .paused(p), let .rollbackStarted(p): try e.encode(p)
        case let .resumed(p): try e.encode(p)
        case let .rolledBack(p): try e.encode(p)
        case let .restarted(p): try e.encode(p)
        case let .approved(p): try e.encode(p)
        case let .stepStarted(p): try e.encode(p)
        case let .stepFinished(p), let .stepFailed(p): try e.encode(p)
        case let .confirmed(p): try e.encode(p)
        case let .issueOpened(p), let .issueUpdated(p): try e.encode(p)
        case let .issueClosed(p): try e.encode(p)
        case let .metricsImported(p): try e.encode(p)
        case let .playbookChanged(p): try e.encode(p)
        case let .segmentQuarantined(p): try e.encode(p)
        case let .segmentReleased(p): try e.encode(p)
        case let .preflightHeld(p): try e.encode(p)
        case let .tokenCreated(p): try e.encode(p)
        case let .tokenRevoked(p): try e.encode(p)
        case let .accessDenied(p): try e.encode(p)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The event of kind `kind` whose payload is `payload`.
    public static func event(kind: EntryKind, payload: String) throws -> JournalEvent {
        let d = decoder()
        let data = Data(payload.utf8)
        func p<T: Decodable>(_: T.Type) throws -> T { try d.decode(T.self, from: data) }
        return switch kind {
        case .fleetImported: .fleetImported(try p(JournalEvent.FleetImported.self))
        case .created: .created(try p(JournalEvent.Created.self))
        case .routeChanged: .routeChanged(try p(JournalEvent.RouteChanged.self))
        case .advanced: .advanced(try p(JournalEvent.Advanced.self))
        case .completed: .completed(try p(JournalEvent.Completed.self))
        case .blocked: .blocked(try p(JournalEvent.Blocked.self))
        case .paused: .paused(try p(JournalEvent.PlanStarted.self))
        case .rollbackStarted: .rollbackStarted(try p(JournalEvent.PlanStarted.self))
        case .resumed: .resumed(try p(JournalEvent.Resumed.self))
        case .rolledBack: .rolledBack(try p(JournalEvent.RolledBack.self))
        case .restarted: .restarted(try p(JournalEvent.Restarted.self))
        case .approved: .approved(try p(JournalEvent.Approved.self))
        case .stepStarted: .stepStarted(try p(JournalEvent.StepStarted.self))
        case .stepFinished: .stepFinished(try p(JournalEvent.StepEnded.self))
        case .stepFailed: .stepFailed(try p(JournalEvent.StepEnded.self))
        case .confirmed: .confirmed(try p(JournalEvent.Confirmed.self))
        case .issueOpened: .issueOpened(try p(IssueRecordBox.self).record)
        case .issueUpdated: .issueUpdated(try p(IssueRecordBox.self).record)
        case .issueClosed: .issueClosed(try p(JournalEvent.IssueClosed.self))
        case .metricsImported: .metricsImported(try p(JournalEvent.MetricsImported.self))
        case .playbookChanged: .playbookChanged(try p(JournalEvent.PlaybookChanged.self))
        case .segmentQuarantined: .segmentQuarantined(try p(JournalEvent.SegmentQuarantined.self))
        case .segmentReleased: .segmentReleased(try p(JournalEvent.SegmentReleased.self))
        case .preflightHeld: .preflightHeld(try p(JournalEvent.PreflightHeld.self))
        case .tokenCreated: .tokenCreated(try p(JournalEvent.TokenCreated.self))
        case .tokenRevoked: .tokenRevoked(try p(JournalEvent.TokenRevoked.self))
        case .accessDenied: .accessDenied(try p(JournalEvent.AccessDenied.self))
        }
    }
}

import Gates

/// Issue payloads are the record itself.
private struct IssueRecordBox: Decodable {
    var record: IssueRecord
    init(from decoder: any Decoder) throws { record = try IssueRecord(from: decoder) }
}
