import Engine
import Foundation
import OCPP

/// The metrics a proxy's switch log becomes (docs/proxy.md), at the time of the event: `requested` →
/// `route.switch.requested` 1; `done` → `route.switch.completed` 1 and `route.switch.failed` 0; `failed` →
/// `route.switch.failed` 1; `cancelled` → `route.switch.cancelled` 1; `closed` (a step, not an outcome) →
/// nothing. So `route.switch.failed` has one sample per decided switch: its sum counts the failures, its mean
/// is the failure rate, its sample count the decided switches. Events of one charger and metric at the same
/// instant are one sample, their sum.
public enum SwitchMetric {
    public static func samples(for event: String) -> [(metric: String, value: Double)] {
        switch event {
        case "requested": [("route.switch.requested", 1)]
        case "done": [("route.switch.completed", 1), ("route.switch.failed", 0)]
        case "failed": [("route.switch.failed", 1)]
        case "cancelled": [("route.switch.cancelled", 1)]
        default: []
        }
    }
    /// Every event a switch log may hold.
    static let events: Set<String> = ["requested", "closed", "done", "failed", "cancelled"]
}

extension MigrationService {
    /// Imports a proxy's switch log (`switches-*.jsonl`) as `route.switch.*` samples (SwitchMetric), exactly
    /// as `importOCPPLog` imports a frame log: one transaction, one `metrics-imported` journal entry with the
    /// position read up to; the same log again changes nothing; the log grown adds only what is new (a new
    /// event at the instant of an earlier one makes that sample the sum). A log is known by its first line; a
    /// last line without a newline is left for the next import. A line that is not a switch record refuses the
    /// whole log, naming the line.
    /// `journalEmpty` false: grown lines that are no outcome (`closed`) store and journal nothing (`imported` nil).
    public func importSwitchLog(path: String, skipUnknown: Bool, journalEmpty: Bool = true, as invocation: Invocation) throws -> OCPPImportReport {
        try store.requireWritable()
        guard let logs = store as? any FrameLogStore else {
            throw MigrateError.unavailable("this store cannot import the proxy's logs yet; use a SQLite store")
        }
        guard let head = try Self.headDigest(path) else {
            return OCPPImportReport(imported: nil, file: path, warnings: [])
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MigrateError.invalid("\(path): cannot read it (\(error.localizedDescription))", subject: .file(path))
        }
        let lines = try SwitchLogLines(data: data, path: path)
        let imported: MetricsImportReport
        do {
            imported = try logs.importFrameLog(source: path, head: head, actor: invocation.actor, at: invocation.now,
                                               simulated: invocation.simulated, skipUnknown: skipUnknown) { since, receiver in
                let receiver = CountingReceiver(receiver)
                var earlier = 0
                if let since {
                    guard since.lines <= lines.records.count, lines.prefixBytes(lines: since.lines) == since.bytes,
                          lines.digest(lines: since.lines) == since.digest else {
                        throw MigrateError.conflict("""
                            \(path): its first line is that of a switch log imported before (up to line \(since.lines)), but it is not \
                            that log grown; nothing stored (a log may only grow)
                            """, subject: .file(path))
                    }
                    earlier = since.lines
                }
                let before = lines.samples(upTo: earlier), after = lines.samples(upTo: lines.records.count)
                for key in after.order {
                    let value = after.values[key]!
                    if let old = before.values[key] {
                        if old != value { try receiver.replace(time: key.time, charger: key.charger, metric: key.metric, value: value, replacing: old) }
                    } else {
                        try receiver.add(time: key.time, charger: key.charger, metric: key.metric, value: value, line: after.lines[key]!)
                    }
                }
                if !journalEmpty, receiver.handed == 0 { throw NothingNewToJournal() }
                let count = lines.records.count
                return JournalEvent.FrameLogPosition(head: head, bytes: Int64(lines.prefixBytes(lines: count)), lines: count,
                                                     digest: lines.digest(lines: count), undecidedCalls: 0)
            }
        } catch is NothingNewToJournal {
            return OCPPImportReport(imported: nil, file: path, warnings: [])
        }
        var warnings: [FrameLogWarning] = []
        if lines.partialLastLine {
            warnings.append(FrameLogWarning(file: path, line: lines.records.count + 1,
                                            message: "the last line has no newline yet; left for the next import"))
        }
        return OCPPImportReport(imported: imported, file: path, warnings: warnings)
    }
}

/// A switch log's complete lines, parsed: each `{"time":…,"charger":…,"switch":…}`.
struct SwitchLogLines {
    struct Record { var time: Int64; var charger: String; var event: String; var end: Int }
    struct Key: Hashable { var time: Int64; var charger: String; var metric: String }

    let data: Data
    private(set) var records: [Record] = []
    private(set) var partialLastLine = false

    init(data: Data, path: String) throws {
        self.data = data
        var start = 0, number = 0
        let bytes = [UInt8](data)
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else { partialLastLine = true; break }
            number += 1
            let line = Data(bytes[start..<newline])
            records.append(try Self.parse(line, end: newline + 1, at: "\(path):\(number)"))
            start = newline + 1
        }
    }

    static func parse(_ line: Data, end: Int, at place: String) throws -> Record {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw MigrateError.invalid("\(place): not a JSON object; not imported, nothing stored")
        }
        guard let text = object["time"] as? String, let time = Timestamp.parse(text) else {
            throw MigrateError.invalid("\(place): `time` must be an ISO 8601 UTC time; not imported, nothing stored")
        }
        guard let charger = object["charger"] as? String, !charger.isEmpty else {
            throw MigrateError.invalid("\(place): `charger` must be a non-empty string; not imported, nothing stored")
        }
        guard let event = object["switch"] as? String, SwitchMetric.events.contains(event) else {
            throw MigrateError.invalid("""
                \(place): `switch` must be one of \(SwitchMetric.events.sorted().joined(separator: ", ")); not imported, nothing stored
                """)
        }
        return Record(time: time, charger: charger, event: event, end: end)
    }

    func prefixBytes(lines: Int) -> Int { lines == 0 ? 0 : records[lines - 1].end }

    func digest(lines: Int) -> String {
        var digest = SHA256LogDigest()
        data.prefix(prefixBytes(lines: lines)).withUnsafeBytes { digest.update($0) }
        return digest.hexDigest()
    }

    /// The samples of the first `lines` records: values summed per (time, charger, metric), in first-seen
    /// order, with the line each was first seen on.
    func samples(upTo lines: Int) -> (values: [Key: Double], order: [Key], lines: [Key: Int]) {
        var values: [Key: Double] = [:], order: [Key] = [], first: [Key: Int] = [:]
        for (index, record) in records.prefix(lines).enumerated() {
            for (metric, value) in SwitchMetric.samples(for: record.event) {
                let key = Key(time: record.time, charger: record.charger, metric: metric)
                if values[key] == nil { order.append(key); first[key] = index + 1 }
                values[key, default: 0] += value
            }
        }
        return (values, order, first)
    }
}
