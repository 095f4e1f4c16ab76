import Engine
import Foundation
internal import GRDB

/// `verify` for the sample tables: every UTC day with samples is read whole. A day whose rows still have the seal
/// written when they were last found to match the latest import that added to the day (`SampleSeal`: the rows'
/// stored bytes, hashed without decoding) is checked by that seal; any other day, or every day when `full`, is
/// checked in depth: each chunk's sums must follow from its samples, the fleet-wide sums from the chunks, and the
/// day's content must be what that import recorded (chunks, samples, digest; see `SampleDayDigest`). Imports
/// journaled before imports recorded their days are trusted for the days their time range covers, and those days
/// are only checked for consistency.
struct SampleVerification {
    let db: Database
    /// The import entries in journal order.
    let imports: [(seq: Int64, event: JournalEvent.MetricsImported)]
    /// Check every day in depth, whatever its seal.
    var full = false

    /// Days checked against the journal (of them, those checked by their seal), days only checked for consistency
    /// (older imports), and the seals to write for the days checked in depth.
    struct Result {
        var checked = 0
        var sealed = 0
        var consistentOnly = 0
        var newSeals: [(day: Int64, seq: Int64, digest: String, seal: [UInt8])] = []
        /// The name seal to write when the stored one is missing or stale and every day passed in depth.
        var newNameSeal: [UInt8]?
    }

    func run() throws -> Result {
        var latest: [Int64: (seq: Int64, day: JournalEvent.StoredDay)] = [:]
        var older: [(seq: Int64, days: ClosedRange<Int64>)] = []
        for (seq, event) in imports {
            if let stored = event.stored {
                for day in stored {
                    guard let d = ISOTimeText.day(day.day) else { throw VerifyProblem("journal entry \(seq): unreadable day '\(day.day)'") }
                    latest[d] = (seq, day)
                }
            } else if let start = event.start, let end = event.end, event.samples > 0 {
                older.append((seq, Self.day(start)...Self.day(end)))
            }
        }
        // Every row of every day is read: through a memory map rather than a copy per page.
        try SampleQuery.prepare(db)
        let digests = try SampleDayDigest(db: db)
        let fleet = try FleetSums(db: db)
        let sealer = try SampleSeal(db: db)
        // Day seals hold store ids: they count only while the ids still name what they named when sealed.
        let names = try SampleSeal.names(db)
        let namesHold = try SampleSeal.storedNames(db) == names
        let seals = try SampleSeal.stored(db)
        var result = Result()
        for day in Set(latest.keys).union(try daysInTables()).sorted() {
            let record = latest[day]
            let newerOld = older.last { $0.days.contains(day) && $0.seq > (record?.seq ?? 0) }
            let seal = seals[day]
            if !full, namesHold, newerOld == nil, let record, let seal, seal.seq == record.seq, seal.digest == record.day.digest,
               try sealer.day(day) == seal.seal {
                result.checked += 1
                result.sealed += 1
                continue
            }
            var sums = FleetSums.Day()
            let state = try digests.day(day) { row, samples in
                try Self.check(row, samples, day: day)
                sums.add(row, samples)
            }
            if let problem = try fleet.difference(day: day, from: sums) { throw VerifyProblem(problem) }
            if newerOld != nil { result.consistentOnly += 1; continue }
            let name = ISOTimeText.day(day)
            guard let record else {
                throw VerifyProblem("the sample tables do not follow from the journal: day \(name) holds \(state.samples) samples that no import journaled")
            }
            let want = record.day
            guard state.chunks == want.chunks, state.samples == want.samples, state.digest == want.digest else {
                throw VerifyProblem("""
                    the sample tables do not follow from the journal: day \(name) holds \(state.samples) samples in \(state.chunks) chunks, \
                    but journal entry \(record.seq) left \(want.samples) in \(want.chunks)\
                    \(state.samples == want.samples && state.chunks == want.chunks ? " with another digest (a sample was edited)" : "")
                    """)
            }
            result.checked += 1
            // A seal of this entry is left as it is in a full check (a plain one replaces it if its bytes differ).
            if full, seal?.seq == record.seq, seal?.digest == want.digest { continue }
            let now = try sealer.day(day)
            if seal?.seq != record.seq || seal?.digest != want.digest || seal?.seal != now {
                result.newSeals.append((day, record.seq, want.digest, now))
            }
        }
        // Every day was checked in depth under these names (none by a seal): they may seal the ids.
        if !namesHold, result.sealed == 0 { result.newNameSeal = names }
        return result
    }

    /// The days that have rows, one seek each.
    private func daysInTables() throws -> [Int64] {
        let next = try RawStatement(db, "SELECT day FROM sample_rows WHERE day > ? ORDER BY day LIMIT 1")
        var days: [Int64] = []
        var after = Int64.min
        while true {
            next.bind(1, after)
            guard let day = try next.firstInt64() else { return days }
            days.append(day)
            after = day
        }
    }

    /// A chunk's row must follow from its samples: a whole number of pairs, times strictly rising within the
    /// day, values finite and not negative, and its count, first and last time and sum (added in time order).
    static func check(_ row: SampleDayDigest.Chunk, _ samples: [(time: Int64, value: Double)], day: Int64) throws {
        func bad(_ what: String) -> VerifyProblem {
            VerifyProblem("the sample tables are inconsistent: the chunk of day \(ISOTimeText.day(day)), metric \(row.metric), charger \(row.charger) \(what)")
        }
        guard !samples.isEmpty else { throw bad("holds no samples") }
        let dayStart = day * SampleWriter.microsPerDay, dayEnd = dayStart + SampleWriter.microsPerDay
        var previous = Int64.min
        for s in samples {
            guard s.time > previous, s.time >= dayStart, s.time < dayEnd else { throw bad("has sample times out of order or outside the day") }
            guard s.value.isFinite, s.value >= 0 else { throw bad("has a value that is not a finite number at least 0") }
            previous = s.time
        }
        guard row.n == Int64(samples.count) else { throw bad("counts \(row.n) samples but holds \(samples.count)") }
        guard row.first == samples[0].time, row.last == samples[samples.count - 1].time else { throw bad("has a wrong first or last time") }
        let total = SampleWriter.total(samples)
        guard row.total.bitPattern == total.bitPattern else { throw bad("has sum \(row.total), but its samples add up to \(total)") }
    }

    static func day(_ date: Date) -> Int64 {
        SampleWriter.floorDiv(Int64((date.timeIntervalSince1970 * 1e6).rounded(.down)), SampleWriter.microsPerDay)
    }
}
