import PostgresNIO

/// Writes an import's samples as whole rows (day, charger), a buffer at a time, as the SQLite store's writer does:
/// the buffered samples are sorted by (day, charger, metric, time, line), merged with the rows already stored under
/// the same keys (read only for the days that had rows before the import, or rows this import wrote earlier), and
/// written in one statement (`PostgresRowBatch`). A key already stored with the same value is a duplicate (counted,
/// not added), with another value a conflict (the file is refused naming the line); within the file the first line
/// wins. Only rows that gain samples are written, each section's rollup recomputed when it gains samples.
///
/// A buffer that is not the last holds the latest day back (unless it fills more than seven eighths of the buffer),
/// so a file in time order writes each day's rows once; a day written once into no earlier rows is digested from
/// the rows as written (`PostgresDayRollup.finish`), any other day is read back at the end. Each write adds what it
/// stored to the fleet-wide sums as the SQLite store does (`PostgresFleetAdds`).
struct PostgresRowWriter: Sendable {
    /// Samples buffered before a write (32 bytes each with their line: 80 MB): the SQLite store's
    /// `SampleStreamWriter.defaultCapacity`, so that both stores write the same batches and gather the same
    /// fleet-wide sums (`PostgresFleetAdds`).
    static let capacity = 2_500_000
    /// Samples per `INSERT` of rows.
    static let statementSamples = 1 << 19

    /// Days that had rows before the import.
    private var storedDays = Set<Int32>()
    /// Days this import wrote to, and the keys of its rows.
    private var writtenDays = Set<Int32>()
    private var written = Set<Int64>()
    /// Days digested as written (new, written in one buffer), with what they hold.
    private(set) var digested: [Int32: PostgresDayDigest.Day] = [:]

    mutating func begin(_ c: PostgresConnection) async throws {
        for row in try await c.rows("SELECT DISTINCT day FROM sample_rows", c.logger) { storedDays.insert(try row.decode(Int32.self)) }
    }

    struct Written {
        var inserted = 0
        var perDay: [Int32: Int] = [:]
        var conflict: PostgresSampleConflict?
    }

    /// Writes the buffered samples (all of them when `final`, else all but the latest day's when it fills at most
    /// seven eighths of the buffer) and leaves the rest in `pending`.
    mutating func write(_ pending: inout IncomingRows, final: Bool, names: PostgresSampleNames, _ c: PostgresConnection) async throws -> Written {
        guard pending.count > 0 else { return Written() }
        var chosen = Array(0..<pending.count), kept: [Int] = []
        if !final, let latest = pending.day.max() {
            let held = pending.day.lazy.filter { $0 == latest }.count
            if held <= Self.capacity / 8 * 7 {
                chosen = chosen.filter { pending.day[$0] != latest }
                kept = (0..<pending.count).filter { pending.day[$0] == latest }
            }
        }
        let result = try await write(chosen, of: pending, names: names, c)
        pending.keep(kept)
        return result
    }

    private mutating func write(_ chosen: [Int], of p: IncomingRows, names: PostgresSampleNames, _ c: PostgresConnection) async throws -> Written {
        // By (day, charger), then file order; each row's samples are sorted by (metric, time, file order) below.
        var order = chosen.map { i in (UInt64(UInt32(bitPattern: p.day[i]) ^ 0x8000_0000) << 32 | UInt64(UInt32(bitPattern: p.charger[i])), Int32(i)) }
        order.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var runs: [Range<Int>] = []
        var fetchDays: [Int32] = [], fetchChargers: [Int32] = []
        var start = 0
        for k in 1...order.count where k == order.count || order[k].0 != order[start].0 {
            runs.append(start..<k)
            let i = Int(order[start].1)
            if storedDays.contains(p.day[i]) || written.contains(PostgresStoredRow.key(p.day[i], p.charger[i])) {
                fetchDays.append(p.day[i]); fetchChargers.append(p.charger[i])
            }
            start = k
        }
        let stored = try await PostgresStoredRow.fetch(days: fetchDays, chargers: fetchChargers, c)
        var out = Written()
        var batch = PostgresRowBatch()
        var m: [Int32] = [], t: [Int64] = [], v: [Double] = []
        var newM: [Int32] = [], newT: [Int64] = [], newV: [Double] = []
        var fleet = PostgresFleetAdds()
        let dayNames = PostgresDayRollup.Names(names)
        var days: [Int32] = []
        var digesting: (day: Int32, content: PostgresDayRollup.Content)?
        var added = Set<Int32>()
        var incoming: [Int] = []
        for run in runs {
            let first = Int(order[run.lowerBound].1)
            let day = p.day[first], charger = p.charger[first]
            let key = PostgresStoredRow.key(day, charger)
            incoming.removeAll(keepingCapacity: true)
            for k in run { incoming.append(Int(order[k].1)) }
            incoming.sort { a, b in (p.metric[a], p.time[a], a) < (p.metric[b], p.time[b], b) }
            // Merge the stored samples (sorted) with the incoming ones.
            let old = stored[key]
            m.removeAll(keepingCapacity: true); t.removeAll(keepingCapacity: true); v.removeAll(keepingCapacity: true)
            added.removeAll(keepingCapacity: true)
            newM.removeAll(keepingCapacity: true); newT.removeAll(keepingCapacity: true); newV.removeAll(keepingCapacity: true)
            var j = 0
            let oldCount = old?.t.count ?? 0
            for i in incoming {
                let metric = p.metric[i], time = p.time[i], value = p.value[i]
                while j < oldCount, (old!.m[j], old!.t[j]) < (metric, time) {
                    m.append(old!.m[j]); t.append(old!.t[j]); v.append(old!.v[j])
                    j += 1
                }
                // The sample already there: stored earlier (the next stored one) or an earlier line (the last appended).
                var there: Double?
                if j < oldCount, old!.m[j] == metric, old!.t[j] == time {
                    there = old!.v[j]
                } else if let lastM = m.last, lastM == metric, t.last == time {
                    there = v.last
                }
                if let there {
                    if there != value, out.conflict.map({ Int(p.line[i]) < $0.line }) ?? true {
                        out.conflict = PostgresSampleConflict(line: Int(p.line[i]), metric: metric, charger: charger, time: time, value: value, stored: there)
                    }
                    continue
                }
                m.append(metric); t.append(time); v.append(value)
                newM.append(metric); newT.append(time); newV.append(value)
                added.insert(metric)
            }
            while j < oldCount {
                m.append(old!.m[j]); t.append(old!.t[j]); v.append(old!.v[j])
                j += 1
            }
            let newSamples = t.count - oldCount
            guard newSamples > 0 else { continue }
            out.inserted += newSamples
            out.perDay[day, default: 0] += newSamples
            batch.append(day: day, charger: charger, m: m[...], t: t[...], v: v[...],
                         sections: Self.sections(m: m, t: t, v: v, keeping: old?.sections ?? [:], except: added))
            written.insert(key)
            fleet.add(day: day, m: newM[...], t: newT[...], v: newV[...])
            // A day new to the store (no rows before this write) is digested from its rows as written, a day at a time.
            if days.last != day {
                if let done = digesting, out.conflict == nil {
                    digested[done.day] = try await PostgresDayRollup.finish(day: done.day, done.content, names: dayNames, c)
                }
                digesting = storedDays.contains(day) || writtenDays.contains(day) ? nil : (day, PostgresDayRollup.Content())
                days.append(day)
            }
            digesting?.content.add(charger: charger, m: m[...], t: t[...], v: v[...])
            // The rows go in statements of about `statementSamples` samples (the bound arrays are held twice on the
            // client while encoded); what is summed and digested does not depend on it.
            if batch.t.count >= Self.statementSamples, out.conflict == nil {
                try await batch.write(c)
                batch = PostgresRowBatch()
            }
        }
        if out.conflict == nil {
            try await batch.write(c)
            try await fleet.write(c)
            if let last = digesting { digested[last.day] = try await PostgresDayRollup.finish(day: last.day, last.content, names: dayNames, c) }
        }
        // A day written before (by an earlier import or an earlier write of this one) is read back at the end.
        for day in days {
            if storedDays.contains(day) || writtenDays.contains(day) { digested[day] = nil }
        }
        writtenDays.formUnion(days)
        return out
    }

    /// Each section's rollup (metric, total added in time order from 0, count, first, last) of a row's samples sorted
    /// by (metric, time); a section not in `except` keeps its stored rollup (`keeping`) when it has one.
    static func sections(m: [Int32], t: [Int64], v: [Double], keeping stored: [Int32: (total: Double, n: Int64, first: Int64, last: Int64)],
                         except changed: Set<Int32>) -> [(metric: Int32, total: Double, n: Int64, first: Int64, last: Int64)] {
        var out: [(metric: Int32, total: Double, n: Int64, first: Int64, last: Int64)] = []
        var start = 0
        for k in 1...max(1, m.count) where !m.isEmpty && (k == m.count || m[k] != m[start]) {
            if !changed.contains(m[start]), let s = stored[m[start]] {
                out.append((m[start], s.total, s.n, s.first, s.last))
            } else {
                var total = 0.0
                for i in start..<k { total += v[i] }
                out.append((m[start], total, Int64(k - start), t[start], t[k - 1]))
            }
            start = k
        }
        return out
    }
}
