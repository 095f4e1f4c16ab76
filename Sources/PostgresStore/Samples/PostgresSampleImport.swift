import Engine
import Foundation
import PostgresNIO
import Store

/// One import's view of the store's names: metric and charger ids (existing, and new ones numbered in the
/// order first seen, as the SQLite store numbers them), and which chargers are in the fleet.
struct PostgresSampleNames {
    var metricIDs: [String: Int32] = [:]
    var chargerIDs: [String: Int32] = [:]
    var fleet: Set<String> = []
    var nextMetric: Int32 = 1
    var nextCharger: Int32 = 1
    var newMetrics: [(Int32, String)] = []
    var newChargers: [(Int32, String)] = []

    static func load(_ c: PostgresConnection) async throws -> PostgresSampleNames {
        var names = PostgresSampleNames()
        for row in try await c.rows("SELECT id, name FROM metric_names", c.logger) {
            let (id, name) = try row.decode((Int32, String).self)
            names.metricIDs[name] = id
            names.nextMetric = max(names.nextMetric, id + 1)
        }
        for row in try await c.rows("SELECT id, charger FROM sample_chargers", c.logger) {
            let (id, charger) = try row.decode((Int32, String).self)
            names.chargerIDs[charger] = id
            names.nextCharger = max(names.nextCharger, id + 1)
        }
        for row in try await c.rows("SELECT id FROM chargers", c.logger) { names.fleet.insert(try row.decode(String.self)) }
        return names
    }

    mutating func metric(_ name: String) -> Int32 {
        if let id = metricIDs[name] { return id }
        let id = nextMetric
        nextMetric += 1
        metricIDs[name] = id
        newMetrics.append((id, name))
        return id
    }

    /// The charger's id, or nil when it is not in the fleet.
    mutating func charger(_ name: String) -> Int32? {
        if let id = chargerIDs[name] { return id }
        guard fleet.contains(name) else { return nil }
        let id = nextCharger
        nextCharger += 1
        chargerIDs[name] = id
        newChargers.append((id, name))
        return id
    }

    /// Records the names this import added (inside its transaction).
    func save(_ c: PostgresConnection) async throws {
        if !newMetrics.isEmpty {
            try await c.exec("INSERT INTO metric_names (id, name) SELECT * FROM unnest(\(newMetrics.map(\.0))::int[], \(newMetrics.map(\.1))::text[])", c.logger)
        }
        if !newChargers.isEmpty {
            try await c.exec("""
                INSERT INTO sample_chargers (id, charger) SELECT * FROM unnest(\(newChargers.map(\.0))::int[], \(newChargers.map(\.1))::text[])
                """, c.logger)
        }
    }
}

/// What the import of one file sent to the server, and what it skipped; and the samples waiting to be written.
struct PostgresCopyOutcome: Sendable {
    var digest = ""
    var rows = 0
    var skippedUnknown = 0
    var unknown: [String] = []
    var firstUnknownLine: Int?
    var start: Int64?
    var end: Int64?
    /// Samples stored (new keys), in all and per day.
    var inserted = 0
    var insertedPerDay: [Int64: Int] = [:]
    /// The first sample, by line, whose value differs from the one stored (earlier import or earlier line); once
    /// found, nothing more is written (the import is refused after the unknown chargers are counted).
    var conflict: PostgresSampleConflict?
    /// Samples parsed and not yet written, and the rows state (`PostgresRowWriter`).
    var pending = IncomingRows()
    var writer = PostgresRowWriter()
    private var unknownSeen = Set<String>()

    /// Counts one parsed sample and buffers it when its charger is in the fleet (`charger` not nil) and nothing
    /// is being refused; a sample of an unknown charger (`named`) is counted, with its line.
    mutating func admit(time t: Int64, metric: Int32, charger: Int32?, named name: @autoclosure () -> String, value: Double, line: Int,
                        refuseUnknown: Bool) {
        guard let charger else {
            skippedUnknown += 1
            if firstUnknownLine == nil { firstUnknownLine = line }
            let name = name()
            if unknownSeen.insert(name).inserted { unknown.append(name) }
            return
        }
        if start == nil || t < start! { start = t }
        if end == nil || t > end! { end = t }
        if refuseUnknown && skippedUnknown > 0 { return }
        rows += 1
        guard conflict == nil else { return }
        // Room for a full buffer at once, once it is large (not doubled past it; a small import stays small).
        if pending.count == 1 << 20 { pending.reserve(PostgresRowWriter.capacity) }
        pending.append(day: Int32(truncatingIfNeeded: PostgresSampleCopy.floorDiv(t, PostgresSampleCopy.microsPerDay)), metric: metric, charger: charger,
                       time: t, value: value, line: Int32(truncatingIfNeeded: line))
    }
}

extension PostgresCopyOutcome {
    /// The buffer is full: write it (`writeFull`) before admitting another sample, as the SQLite store does, so
    /// that both write the same batches.
    var isFull: Bool { pending.count >= PostgresRowWriter.capacity }

    /// Writes the full buffer, holding the latest day back (`PostgresRowWriter`).
    mutating func writeFull(names: PostgresSampleNames, _ c: PostgresConnection) async throws {
        try await write(final: false, names: names, c)
    }

    /// Writes everything still buffered.
    mutating func finish(names: PostgresSampleNames, _ c: PostgresConnection) async throws {
        try await write(final: true, names: names, c)
    }

    private mutating func write(final: Bool, names: PostgresSampleNames, _ c: PostgresConnection) async throws {
        guard conflict == nil else {
            pending.removeAll()
            return
        }
        let result = try await writer.write(&pending, final: final, names: names, c)
        inserted += result.inserted
        for (day, n) in result.perDay { insertedPerDay[Int64(day), default: 0] += n }
        conflict = result.conflict
    }
}

/// A sample whose value differs from the one stored for its key, with the line it came from.
struct PostgresSampleConflict: Sendable {
    var line: Int
    var metric: Int32
    var charger: Int32
    var time: Int64
    var value: Double
    var stored: Double
}

enum PostgresSampleCopy {
    /// Parses `file` on a thread of its own (the SQLite store's parser) and writes its samples of known chargers as
    /// whole rows (day, charger), a buffer at a time (`PostgresRowWriter`): bulk `INSERT ... SELECT` of arrays bound
    /// in binary. Not `COPY ... FROM STDIN`: PostgresNIO 1.33.2 stops the process (a precondition in its state
    /// machine) when the connection is lost during a COPY, and a failing server must give a clear error instead
    /// (docs/postgres.md). Samples of unknown chargers are counted; when `refuseUnknown`, the rest after the first
    /// is only counted.
    static func copy(file: String, names: inout PostgresSampleNames, refuseUnknown: Bool, _ c: PostgresConnection) async throws -> PostgresCopyOutcome {
        let channel = BatchChannel()
        SampleFileParsing.start(file: file, into: channel)
        var outcome = PostgresCopyOutcome()
        do {
            try await outcome.writer.begin(c)
            var metrics: [Int32] = [], chargers: [Int32?] = [], chargerNames: [String] = []
            while let batch = channel.receive() {
                for name in batch.newMetricNames { metrics.append(names.metric(name)) }
                for name in batch.newChargerIDs { chargers.append(names.charger(name)); chargerNames.append(name) }
                for i in 0..<batch.count {
                    outcome.admit(time: batch.time[i], metric: metrics[Int(batch.metric[i])], charger: chargers[Int(batch.charger[i])],
                                  named: chargerNames[Int(batch.charger[i])], value: batch.value[i], line: batch.line[i],
                                  refuseUnknown: refuseUnknown)
                    if outcome.isFull { try await outcome.writeFull(names: names, c) }
                }
            }
            try await outcome.finish(names: names, c)
        } catch {
            channel.cancel()
            throw error
        }
        switch channel.outcome() {
        case let .digest(digest): outcome.digest = digest
        case let .failure(error): throw error
        }
        outcome.unknown.sort()
        return outcome
    }

    static let microsPerDay: Int64 = 86_400_000_000

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

/// Parsed samples waiting to be written, column by column.
struct IncomingRows: Sendable {
    var day: [Int32] = [], metric: [Int32] = [], charger: [Int32] = [], time: [Int64] = [], value: [Double] = [], line: [Int32] = []
    var count: Int { time.count }

    mutating func append(day d: Int32, metric m: Int32, charger ch: Int32, time t: Int64, value v: Double, line l: Int32) {
        day.append(d); metric.append(m); charger.append(ch); time.append(t); value.append(v); line.append(l)
    }

    mutating func reserve(_ n: Int) {
        day.reserveCapacity(n); metric.reserveCapacity(n); charger.reserveCapacity(n)
        time.reserveCapacity(n); value.reserveCapacity(n); line.reserveCapacity(n)
    }

    mutating func removeAll() {
        day.removeAll(keepingCapacity: true); metric.removeAll(keepingCapacity: true); charger.removeAll(keepingCapacity: true)
        time.removeAll(keepingCapacity: true); value.removeAll(keepingCapacity: true); line.removeAll(keepingCapacity: true)
    }

    /// Only the samples at `indices`, in that order.
    mutating func keep(_ indices: [Int]) {
        var next = IncomingRows()
        for i in indices { next.append(day: day[i], metric: metric[i], charger: charger[i], time: time[i], value: value[i], line: line[i]) }
        self = next
    }
}
