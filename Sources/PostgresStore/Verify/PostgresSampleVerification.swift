import Engine
import Foundation
import PostgresNIO

/// `verify` for the sample tables, as the SQLite store checks its own: every UTC day with samples is read whole;
/// each (day, metric, charger) rollup must follow from its samples (count, first and last time, sum added in time
/// order, bit for bit), and the day's content must be what the latest import that added to it recorded; the
/// fleet-wide sums must be what the rollups and samples give (`PostgresFleetSums`: counts exactly, sums within a relative 1e-9).
struct PostgresSampleVerification {
    let c: PostgresConnection
    let imports: [(seq: Int64, event: JournalEvent.MetricsImported)]

    struct Result {
        var checked = 0
        var consistentOnly = 0
    }

    func run() async throws -> Result {
        var latest: [Int64: (seq: Int64, day: JournalEvent.StoredDay)] = [:]
        var older: [(seq: Int64, days: ClosedRange<Int64>)] = []
        for (seq, event) in imports {
            if let stored = event.stored {
                for day in stored {
                    guard let d = PostgresDayDigest.day(day.day) else { throw TableProblem("journal entry \(seq): unreadable day '\(day.day)'") }
                    latest[d] = (seq, day)
                }
            } else if let start = event.start, let end = event.end, event.samples > 0 {
                older.append((seq, Self.day(start)...Self.day(end)))
            }
        }
        var days = Set(latest.keys)
        for row in try await c.rows("SELECT DISTINCT day::bigint FROM sample_days UNION SELECT DISTINCT day::bigint FROM samples", c.logger) {
            days.insert(try row.decode(Int64.self))
        }
        var result = Result()
        for day in days.sorted() {
            let name = PostgresDayDigest.dayText(day)
            var rollups: [String: (Double, Int64, Int64, Int64)] = [:]
            for row in try await c.rows("""
                SELECT m.name, ch.charger, d.total, d.n, d.first, d.last FROM sample_days d
                JOIN metric_names m ON m.id = d.metric JOIN sample_chargers ch ON ch.id = d.charger WHERE d.day = \(Int32(truncatingIfNeeded: day))
                """, c.logger) {
                let (metric, charger, total, n, first, last) = try row.decode((String, String, Double, Int64, Int64, Int64).self)
                rollups[metric + "\u{0}" + charger] = (total, n, first, last)
            }
            var rollupsSeen = 0
            let state = try await PostgresDayDigest.day(day, c) { group in
                func bad(_ what: String) -> TableProblem {
                    TableProblem("the sample tables are inconsistent: the samples of day \(name), metric \(group.metric), charger \(group.charger) \(what)")
                }
                guard let rollup = rollups[group.metric + "\u{0}" + group.charger] else { throw bad("have no rollup row") }
                rollupsSeen += 1
                var total = 0.0
                for s in group.samples {
                    guard s.value.isFinite, s.value >= 0 else { throw bad("have a value that is not a finite number at least 0") }
                    total += s.value
                }
                guard rollup.1 == Int64(group.samples.count) else { throw bad("are counted \(rollup.1) but are \(group.samples.count)") }
                guard rollup.2 == group.samples[0].time, rollup.3 == group.samples[group.samples.count - 1].time else { throw bad("have a wrong first or last time") }
                guard rollup.0.bitPattern == total.bitPattern else { throw bad("have sum \(rollup.0), but add up to \(total)") }
            }
            if rollupsSeen != rollups.count {
                throw TableProblem("the sample tables are inconsistent: day \(name) has \(rollups.count - rollupsSeen) rollup rows without samples")
            }
            let record = latest[day]
            if older.last(where: { $0.days.contains(day) && $0.seq > (record?.seq ?? 0) }) != nil { result.consistentOnly += 1; continue }
            guard let record else {
                throw TableProblem("the sample tables do not follow from the journal: day \(name) holds \(state.samples) samples that no import journaled")
            }
            let want = record.day
            guard state.chunks == want.chunks, state.samples == want.samples, state.digest == want.digest else {
                throw TableProblem("""
                    the sample tables do not follow from the journal: day \(name) holds \(state.samples) samples in \(state.chunks) chunks, \
                    but journal entry \(record.seq) left \(want.samples) in \(want.chunks)\
                    \(state.samples == want.samples && state.chunks == want.chunks ? " with another digest (a sample was edited)" : "")
                    """)
            }
            result.checked += 1
        }
        if let problem = try await PostgresFleetSums.firstMismatch(c) {
            throw TableProblem("the sample tables are inconsistent: \(problem)")
        }
        return result
    }

    static func day(_ date: Date) -> Int64 {
        PostgresSampleCopy.floorDiv(Int64((date.timeIntervalSince1970 * 1e6).rounded(.down)), PostgresSampleCopy.microsPerDay)
    }
}
