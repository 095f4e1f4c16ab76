import Crypto
import Engine
import Foundation
import PostgresNIO

/// The digest of one UTC day's stored samples, the bytes the SQLite store's `SampleDayDigest` hashes (see
/// docs/metrics.md): SHA-256 over the day's (metric, charger) groups ordered by metric name, then charger id
/// (bytewise UTF-8), each as u32le(name length) name, u32le(charger length) charger, u32le(sample count),
/// then its (time µs i64le, value f64le) pairs in time order. So a day holds the same digest in both stores.
enum PostgresDayDigest {
    struct Day: Equatable {
        var chunks = 0
        var samples = 0
        var digest = ""
    }

    /// A group's row in `sample_days`, as read, for `verify`'s checks.
    struct Group {
        var metric: String
        var charger: String
        var samples: [(time: Int64, value: Double)] = []
    }

    /// The day's groups, samples and digest; `visit` sees each group with its samples (for `verify`).
    static func day(_ day: Int64, _ c: PostgresConnection, visit: (Group) throws -> Void = { _ in }) async throws -> Day {
        var hasher = SHA256()
        var result = Day()
        var current: Group?
        func finish(_ group: Group) throws {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16 + group.metric.utf8.count + group.charger.utf8.count + group.samples.count * 16)
            func u32(_ n: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: n).littleEndian) { bytes.append(contentsOf: $0) } }
            u32(group.metric.utf8.count); bytes.append(contentsOf: group.metric.utf8)
            u32(group.charger.utf8.count); bytes.append(contentsOf: group.charger.utf8)
            u32(group.samples.count)
            for s in group.samples {
                withUnsafeBytes(of: UInt64(bitPattern: s.time).littleEndian) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: s.value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
            hasher.update(data: bytes)
            result.chunks += 1
            result.samples += group.samples.count
            try visit(group)
        }
        let rows = try await c.query("""
            SELECT m.name, ch.charger, s.t, s.v FROM samples s
            JOIN metric_names m ON m.id = s.metric JOIN sample_chargers ch ON ch.id = s.charger
            WHERE s.day = \(Int32(truncatingIfNeeded: day))
            ORDER BY m.name COLLATE "C", ch.charger COLLATE "C", s.t
            """, logger: c.logger)
        for try await (metric, charger, t, v) in rows.decode((String, String, Int64, Double).self) {
            if let group = current, group.metric != metric || group.charger != charger {
                try finish(group)
                current = nil
            }
            if current == nil { current = Group(metric: metric, charger: charger) }
            current!.samples.append((t, v))
        }
        if let current { try finish(current) }
        result.digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return result
    }

    /// `YYYY-MM-DD` of a day count since 1970.
    static func dayText(_ day: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(day) * 86_400)
        return String(ISOTime.format(date).prefix(10))
    }

    /// The day count since 1970 of `YYYY-MM-DD`, or nil.
    static func day(_ text: String) -> Int64? {
        guard text.count == 10, let date = ISOTime.parse(text + "T00:00:00Z") else { return nil }
        return Int64((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }
}
