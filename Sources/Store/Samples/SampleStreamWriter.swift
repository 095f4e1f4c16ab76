import Engine
internal import GRDB

/// Stores a stream of sample batches inside the caller's transaction, with bounded memory: samples are
/// buffered (at most `capacity`), sorted by key and written a chunk at a time. Each flush but the last keeps
/// the latest UTC day back when it fills at most seven eighths of the buffer (an input in time order then
/// writes each chunk once, up to days of about 2.2 million samples: 100,000 chargers). Samples of chargers not in
/// the fleet are counted and dropped; unless `skipUnknown`, the importer then refuses the input, so they
/// stop the writing (the rest is only counted, for the message).
struct SampleStreamWriter {
    static let defaultCapacity = 2_500_000

    struct Outcome {
        var stored: Int
        var duplicates: Int
        var skippedUnknown: Int
        /// Chargers not in the fleet, sorted; and the first line with one.
        var unknownChargers: [String]
        var firstUnknownLine: Int?
        var start: Int64?
        var end: Int64?
        /// Per day samples were added to: what it holds now.
        var days: [JournalEvent.StoredDay]
        /// Stored samples whose value changed (see `replace`).
        var replaced = 0
        /// The seals (`SampleSeal`) of the days written whole into a store that had nothing of them.
        var seals: [Int64: [UInt8]] = [:]
        /// The name seal to store with the entry, or nil to drop it (the ids were not as last sealed).
        var nameSeal: [UInt8]?
    }

    let db: Database
    let skipUnknown: Bool
    private var ids: SampleIDs
    private var buffer: SampleBuffer
    private var writer: SampleWriter
    private var unknownSamples = 0
    private var firstUnknownLine: Int?
    private var start: Int64?, end: Int64?
    private var replacements: [SampleReplacement] = []
    private var unknownReplaced: Set<String> = []
    /// The store ids of names were as last sealed when the import began (or there were none): the import may seal them again.
    private let namesHeld: Bool

    init(db: Database, skipUnknown: Bool, capacity: Int = defaultCapacity) throws {
        self.db = db
        self.skipUnknown = skipUnknown
        if let sealed = try SampleSeal.storedNames(db) {
            namesHeld = try SampleSeal.names(db) == sealed
        } else {
            namesHeld = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM metric_names) + (SELECT COUNT(*) FROM sample_chargers)") == 0
        }
        ids = try SampleIDs(db: db)
        buffer = SampleBuffer(capacity: capacity)
        writer = try SampleWriter(db: db)
    }

    /// True once a sample of a charger not in the fleet was seen (and `skipUnknown` is off).
    var refusing: Bool { unknownSamples > 0 && !skipUnknown }

    mutating func add(_ batch: SampleBatch) throws {
        try ids.learn(batch)
        for i in 0..<batch.count {
            let charger = ids.chargers[Int(batch.charger[i])]
            if charger < 0 {
                unknownSamples += 1
                if firstUnknownLine == nil { firstUnknownLine = batch.line[i] }
                continue
            }
            let t = batch.time[i]
            if start == nil || t < start! { start = t }
            if end == nil || t > end! { end = t }
            if refusing { continue }
            buffer.append(metric: Int32(ids.metrics[Int(batch.metric[i])]), charger: Int32(charger), time: t, value: batch.value[i])
            if buffer.isFull { try flush(final: false) }
        }
    }

    /// A stored sample whose value changes (applied after the new samples, in `finish`). Few: an import of a
    /// grown frame log has them only at the instants where the earlier read stopped.
    mutating func replace(_ r: SampleReplacement) {
        replacements.append(r)
    }

    /// Writes what is buffered and applies the replacements, then digests each day samples were added to or changed on.
    mutating func finish() throws -> Outcome {
        var days: [JournalEvent.StoredDay] = []
        var seals: [Int64: [UInt8]] = [:]
        var replacer = SampleReplacer(db: db)
        var start = start, end = end
        for r in replacements {
            if try !replacer.apply(r) {
                unknownSamples += 1
                unknownReplaced.insert(r.charger)
                continue
            }
            start = min(start ?? r.time, r.time); end = max(end ?? r.time, r.time)
        }
        if !refusing {
            try flush(final: true)
            let digests = try SampleDayDigest(db: db)
            let sealer = try SampleSeal(db: db)
            var added = writer.addedPerDay
            for (day, n) in replacer.days { added[day, default: 0] += n }
            for (day, n) in added.sorted(by: { $0.key < $1.key }) {
                let fresh = replacer.days[day] == nil ? writer.freshDays[day] : nil
                let state = try fresh ?? digests.day(day)
                days.append(.init(day: ISOTimeText.day(day), added: n, chunks: state.chunks, samples: state.samples, digest: state.digest))
                if fresh != nil, var seal = writer.freshSeals[day] {
                    try sealer.addFleetSums(&seal, day: day)
                    seals[day] = seal.finish()
                }
            }
        }
        let nameSeal: [UInt8]? = try namesHeld ? SampleSeal.names(db) : nil
        let unknown = Set(ids.unknown.map { ids.chargerIDs[Int($0)] }).union(unknownReplaced).sorted()
        return Outcome(stored: writer.stored + replacer.added, duplicates: writer.duplicates, skippedUnknown: unknownSamples,
                       unknownChargers: unknown, firstUnknownLine: firstUnknownLine, start: start, end: end, days: days,
                       replaced: replacer.replaced, seals: seals, nameSeal: nameSeal)
    }

    /// Writes the buffer in key order; unless `final`, keeps back the latest day's samples when they fill
    /// at most seven eighths of the buffer (so that every flush writes at least an eighth).
    private mutating func flush(final: Bool) throws {
        var order = buffer.order()
        guard !order.isEmpty else { return }
        var cut = order.count
        if !final {
            let lastDay = buffer.day(Int(order[order.count - 1]))
            while cut > 0, buffer.day(Int(order[cut - 1])) == lastDay { cut -= 1 }
            if order.count - cut > buffer.capacity / 8 * 7 { cut = order.count }
        }
        try writer.write(buffer, order, 0..<cut, names: ids)
        let carried = Array(order[cut...]).sorted()
        order = []
        buffer.keep(carried)
    }

    /// Names for a conflict's store ids.
    func names(of conflict: SampleConflict) throws -> (metric: String, charger: String) {
        (try String.fetchOne(db, sql: "SELECT name FROM metric_names WHERE id = ?", arguments: [conflict.metric]) ?? "?",
         try String.fetchOne(db, sql: "SELECT charger FROM sample_chargers WHERE id = ?", arguments: [conflict.charger]) ?? "?")
    }
}
