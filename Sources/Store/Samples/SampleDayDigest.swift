import Crypto
import Foundation
internal import GRDB

/// The digest of one UTC day's stored samples, as an import records it in its journal entry and `verify`
/// recomputes it: SHA-256 over the day's chunks ordered by metric name, then charger id (bytewise UTF-8),
/// each as u32le(name length) name, u32le(charger length) charger, u32le(sample count), then the chunk's
/// (time µs i64le, value f64le) pairs. Names rather than the store's small ids, so that another store
/// implementation that holds the same samples gets the same bytes.
struct SampleDayDigest {
    struct Day: Equatable {
        var chunks = 0
        var samples = 0
        var digest = ""
    }

    /// Metric ids in name order; per sample charger id, its rank in charger-id order.
    private let metricsByName: [(id: Int64, name: [UInt8])]
    private let chargerRank: [Int32]
    private let chargerNames: [[UInt8]]
    private let select: RawStatement

    init(db: Database) throws {
        metricsByName = try Row.fetchAll(db, sql: "SELECT id, name FROM metric_names").map { (id: $0[0], name: Array(($0[1] as String).utf8)) }
            .sorted { $0.name.lexicographicallyPrecedes($1.name) }
        let chargers = try Row.fetchAll(db, sql: "SELECT id, charger FROM sample_chargers").map { (id: $0[0] as Int64, name: Array(($0[1] as String).utf8)) }
        let sorted = chargers.sorted { $0.name.lexicographicallyPrecedes($1.name) }
        var rank = [Int32](repeating: -1, count: Int(chargers.map(\.id).max() ?? 0) + 1)
        for (k, c) in sorted.enumerated() where c.id >= 0 { rank[Int(c.id)] = Int32(k) }
        chargerRank = rank
        chargerNames = sorted.map(\.name)
        select = try RawStatement(db, "SELECT charger, samples, total, n, first, last FROM sample_chunks WHERE day = ? AND metric = ?")
    }

    /// A chunk's row as read, for `verify`'s checks.
    struct Chunk {
        var metric: Int64
        var charger: Int64
        var total: Double
        var n: Int64
        var first: Int64
        var last: Int64
    }

    /// The day's chunks, samples and digest. `visit` sees each chunk's row as read, with its samples (for checks).
    func day(_ day: Int64, visit: (Chunk, [(time: Int64, value: Double)]) throws -> Void = { _, _ in }) throws -> Day {
        var hasher = SHA256()
        var result = Day()
        var arena: [UInt8] = []
        var rows: [(rank: Int32, offset: Int, count: Int)] = []
        for metric in metricsByName {
            arena.removeAll(keepingCapacity: true)
            rows.removeAll(keepingCapacity: true)
            select.bind(1, day); select.bind(2, metric.id)
            defer { select.reset() }
            while try select.step() {
                let charger = select.int64(0)
                let blob = select.blob(1)
                guard let samples = SampleChunk.decode(blob, day: day) else {
                    throw VerifyProblem("the sample tables are inconsistent: the chunk of day \(ISOTimeText.day(day)), metric \(metric.id), charger \(charger) is damaged")
                }
                try visit(Chunk(metric: metric.id, charger: charger, total: select.double(2), n: select.int64(3),
                                first: select.int64(4), last: select.int64(5)), samples)
                guard charger >= 0, Int(charger) < chargerRank.count, chargerRank[Int(charger)] >= 0 else {
                    throw VerifyProblem("the sample tables do not follow from the journal: a chunk of day \(ISOTimeText.day(day)) names sample charger \(charger), which does not exist")
                }
                rows.append((chargerRank[Int(charger)], arena.count, samples.count * 16))
                for s in samples {
                    withUnsafeBytes(of: UInt64(bitPattern: s.time).littleEndian) { arena.append(contentsOf: $0) }
                    withUnsafeBytes(of: s.value.bitPattern.littleEndian) { arena.append(contentsOf: $0) }
                }
            }
            if rows.isEmpty { continue }
            rows.sort { $0.rank < $1.rank }
            for row in rows {
                let charger = chargerNames[Int(row.rank)]
                Self.feed(&hasher, metric.name)
                Self.feed(&hasher, charger)
                var n = UInt32(truncatingIfNeeded: row.count / 16).littleEndian
                withUnsafeBytes(of: &n) { hasher.update(bufferPointer: $0) }
                arena.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[row.offset..<(row.offset + row.count)])) }
                result.chunks += 1
                result.samples += row.count / 16
            }
        }
        result.digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return result
    }

    private static func feed(_ hasher: inout SHA256, _ bytes: [UInt8]) {
        var n = UInt32(truncatingIfNeeded: bytes.count).littleEndian
        withUnsafeBytes(of: &n) { hasher.update(bufferPointer: $0) }
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }
}
