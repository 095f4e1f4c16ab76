import Crypto
import Engine
import Foundation
internal import GRDB

extension MigrateStore {
    /// Imports the samples of one CSV or JSON Lines file in one transaction, with its `metricsImported`
    /// journal entry.
    ///
    /// A file whose digest was imported before changes nothing. A sample already stored (same charger,
    /// metric and time) with the same value is a duplicate, skipped and counted; with another value the
    /// file is refused, naming the line. Samples of chargers not in the fleet refuse the file unless
    /// `skipUnknown`, which drops them and records which. Any bad row refuses the whole file.
    public func importMetrics(path: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool = false) throws -> MetricsImportReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              // Mapped, not copied: the parse reads each byte once.
              let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) else {
            throw SampleImportError(file: path, line: nil, reason: "cannot read the file")
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        if let seq = try pool.read({ try Self.importedEntry(digest: digest, $0) }) {
            return MetricsImportReport(file: path, digest: digest, samples: 0, duplicates: 0, skippedUnknown: 0, unknownChargers: [],
                                       start: nil, end: nil, entry: seq, alreadyImported: true)
        }
        var parsed = try data.withUnsafeBytes { raw -> ParsedSamples in
            let bytes = raw.bindMemory(to: UInt8.self)
            if Self.isJSONLines(path: path, bytes) { return try SampleJSONLinesParser(file: path).parse(bytes) }
            return try SampleCSVParser(file: path).parse(bytes)
        }
        let fleet = Set(try pool.read { try String.fetchAll($0, sql: "SELECT id FROM chargers") })
        let known = parsed.chargerIDs.map { fleet.contains($0) }
        let unknown = parsed.chargerIDs.indices.filter { !known[$0] }.map { parsed.chargerIDs[$0] }.sorted()
        var skipped = 0
        if !unknown.isEmpty {
            let before = parsed.count
            let kept = parsed.filtered { known[Int($0)] }
            guard skipUnknown else {
                let firstLine = Int(parsed.line[parsed.charger.firstIndex { !known[Int($0)] } ?? 0])
                let shown = unknown.prefix(5).joined(separator: ", ") + (unknown.count > 5 ? " and \(unknown.count - 5) more" : "")
                let fleetNote = fleet.isEmpty ? "the fleet has no chargers yet; import the fleet first" : "add them to the fleet first"
                throw SampleImportError(file: path, line: firstLine, reason: """
                    \(Self.count(before - kept.count, "sample")) of \(Self.count(unknown.count, "charger")) not in the fleet (\(shown)); \(fleetNote), \
                    or drop their samples with --skip-unknown (the import then records which chargers it dropped)
                    """)
            }
            skipped = before - kept.count
            parsed = kept
        }
        return try store(parsed, file: path, digest: digest, skipped: skipped, unknown: unknown,
                         entry: (actor, at, simulated))
    }

    /// Writes `parsed` with its rollups and journal entry in one immediate transaction.
    private func store(_ parsed: ParsedSamples, file: String, digest: String, skipped: Int, unknown: [String],
                       entry: (actor: String, at: Date, simulated: Bool)) throws -> MetricsImportReport {
        let start = parsed.time.min(), end = parsed.time.max()
        func date(_ micros: Int64?) -> Date? { micros.map { Date(timeIntervalSince1970: Double($0) / 1e6) } }
        var report = MetricsImportReport(file: file, digest: digest, samples: 0, duplicates: 0, skippedUnknown: skipped,
                                         unknownChargers: unknown, start: date(start), end: date(end), entry: 0, alreadyImported: false)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_size = -1048576")
            try db.inTransaction(.immediate) {
                if let seq = try Self.importedEntry(digest: digest, db) {
                    report = MetricsImportReport(file: file, digest: digest, samples: 0, duplicates: 0, skippedUnknown: 0, unknownChargers: [],
                                                 start: nil, end: nil, entry: seq, alreadyImported: true)
                    return .commit
                }
                let counts = try SampleWriter(db: db, file: file).write(parsed)
                report.samples = counts.stored
                report.duplicates = counts.duplicates
                let event = JournalEvent.MetricsImported(file: file, digest: digest, samples: counts.stored, duplicates: counts.duplicates,
                                                         start: report.start, end: report.end, unknownChargers: unknown)
                let appended = try Self.append(NewEntry(at: entry.at, cohort: nil, actor: entry.actor, reason: nil,
                                                        simulated: entry.simulated, event: .metricsImported(event)), db)
                report.entry = appended.seq
                return .commit
            }
        }
        return report
    }

    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    static func importedEntry(digest: String, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT seq FROM metric_imports WHERE digest = ?", arguments: [digest])
    }

    /// JSON Lines by extension (.jsonl, .ndjson) or by a first non-blank `{`; CSV otherwise.
    static func isJSONLines(path: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return true }
        if lower.hasSuffix(".csv") { return false }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [9, 10, 13, 32].contains(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "{")
    }
}
