import Engine
import Playbook
import Foundation

/// What importing a fleet file did.
public struct FleetImportReport: Sendable {
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    /// The `fleet-imported` entry; nil when nothing changed.
    public var entry: JournalEntry?
    /// `FILE:LINE: warning: ...` for identities OCPP 1.6J accepts and 2.0.1 would refuse (the import goes on).
    public var warnings: [String] = []
}

extension MigrationService {
    /// Imports the fleet from CSV (`id` and attribute columns): new chargers are added, known ones updated, as one
    /// journal entry; the same rows again change nothing and append nothing. A bad row refuses the whole file.
    public func importFleet(csv bytes: [UInt8], file: String, as invocation: Invocation) throws -> FleetImportReport {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw MigrateError.invalid("\(file) is not UTF-8 text", subject: .file(file)) }
        let (chargers, warnings) = try FleetCSV.read(text, file: file)
        let digest = Digest.sha256(bytes)
        let (appended, report) = try appendDecidedOnJournal { _ in
            let known = Dictionary(uniqueKeysWithValues: try store.fleet().map { ($0.id, $0.attributes) })
            var report = FleetImportReport(added: 0, updated: 0, unchanged: 0, entry: nil)
            var changed: [Charger] = []
            for c in chargers {
                switch known[c.id] {
                case c.attributes?: report.unchanged += 1; continue
                case nil: report.added += 1
                default: report.updated += 1
                }
                changed.append(c)
            }
            let event = JournalEvent.fleetImported(.init(file: file, digest: digest, chargers: changed, added: report.added, updated: report.updated))
            return (changed.isEmpty ? [] : [invocation.entry(event, cohort: nil, reason: nil)], report)
        }
        var result = report
        result.entry = appended.first
        result.warnings = warnings
        return result
    }
}
