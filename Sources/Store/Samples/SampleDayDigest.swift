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

    private let order: SampleNameOrder
    private let select: RawStatement

    init(db: Database) throws {
        order = SampleNameOrder(
            metrics: try Row.fetchAll(db, sql: "SELECT id, name FROM metric_names").map { ($0[0], Array(($0[1] as String).utf8)) },
            chargers: try Row.fetchAll(db, sql: "SELECT id, charger FROM sample_chargers").map { ($0[0], Array(($0[1] as String).utf8)) })
        select = try RawStatement(db, "SELECT charger, n, data FROM sample_rows WHERE day = ?")
    }

    /// A chunk (one metric's section of a row) as read, for `verify`'s checks.
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
        var hasher = SampleDayHasher(day: day)
        select.bind(1, day)
        defer { select.reset() }
        while try select.step() {
            let charger = select.int64(0), n = select.int64(1)
            var held: Int64 = 0, sections = 0
            let intact = try ChargerDay.forEach(select.blob(2), day: day) { section in
                let metric = section.metric
                guard let samples = SampleChunk.decode(section.samples, day: day) else {
                    throw VerifyProblem("the sample tables are inconsistent: the chunk of day \(ISOTimeText.day(day)), metric \(metric), charger \(charger) is damaged")
                }
                try visit(Chunk(metric: metric, charger: charger, total: section.total, n: section.n, first: section.first, last: section.last), samples)
                guard order.knows(metric: metric, charger: charger) else {
                    throw VerifyProblem("the sample tables do not follow from the journal: a chunk of day \(ISOTimeText.day(day)) names metric \(metric) and sample charger \(charger), one of which does not exist")
                }
                hasher.add(metric: metric, charger: charger, encoded: section.samples)
                held &+= section.n
                sections += 1
            }
            guard intact, sections > 0 else {
                throw VerifyProblem("the sample tables are inconsistent: the row of day \(ISOTimeText.day(day)), charger \(charger) is damaged")
            }
            guard held == n else {
                throw VerifyProblem("the sample tables are inconsistent: the row of day \(ISOTimeText.day(day)), charger \(charger) counts \(n) samples but its chunks \(held)")
            }
        }
        guard !hasher.overflowed else { throw StoreError("day \(ISOTimeText.day(day)) holds more than 4 GiB of samples, more than one digest can hold") }
        return hasher.finish(order)
    }
}
