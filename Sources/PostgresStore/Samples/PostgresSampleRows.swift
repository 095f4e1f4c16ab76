import PostgresNIO

/// The samples on PostgreSQL (schema 5): one row per (UTC day, charger) holding all that charger's samples of the
/// day, as the SQLite store's `sample_rows` (docs/metrics.md). Per section (a metric with samples that day, in
/// ascending metric id): `metrics`, and the rollup `totals` (its values added in time order from 0), `counts`,
/// `firsts` and `lasts`; per sample, sorted by (metric, time): `m` (its metric id), `t` (µs since 1970) and `v`.
/// The views `samples` (day, metric, charger, t, v) and `sample_days` (day, metric, charger, total, n, first, last)
/// unnest them, for the reads that want a row per sample or per rollup (`verify`, `store copy`, a charger's totals).
enum PostgresSampleRows {
    static let createTable = """
        CREATE TABLE sample_rows (
            day INTEGER NOT NULL,
            charger INTEGER NOT NULL,
            metrics INTEGER[] NOT NULL,
            totals DOUBLE PRECISION[] NOT NULL,
            counts BIGINT[] NOT NULL,
            firsts BIGINT[] NOT NULL,
            lasts BIGINT[] NOT NULL,
            m INTEGER[] NOT NULL,
            t BIGINT[] NOT NULL,
            v DOUBLE PRECISION[] NOT NULL,
            PRIMARY KEY (day, charger)
        )
        """

    static let createViews = """
        CREATE VIEW samples AS
            SELECT r.day, u.metric, r.charger, u.t, u.v FROM sample_rows r CROSS JOIN LATERAL unnest(r.m, r.t, r.v) AS u(metric, t, v);
        CREATE VIEW sample_days AS
            SELECT r.day, u.metric, r.charger, u.total, u.n, u.first, u.last
            FROM sample_rows r CROSS JOIN LATERAL unnest(r.metrics, r.totals, r.counts, r.firsts, r.lasts) AS u(metric, total, n, first, last)
        """

    /// The rows (`day, charger, metrics, totals, counts, firsts, lasts, m, t, v`) of the relations `samples` (day,
    /// metric, charger, t, v) and `rollups` (day, metric, charger, total, n, first, last), taken as they are: a
    /// rollup that does not follow from its samples stays so (and `verify` finds it).
    static func rows(samples: String, rollups: String) -> String {
        """
        SELECT coalesce(r.day, s.day), coalesce(r.charger, s.charger),
            coalesce(r.metrics, '{}'), coalesce(r.totals, '{}'), coalesce(r.counts, '{}'), coalesce(r.firsts, '{}'), coalesce(r.lasts, '{}'),
            coalesce(s.m, '{}'), coalesce(s.t, '{}'), coalesce(s.v, '{}')
        FROM (SELECT day, charger, array_agg(metric ORDER BY metric), array_agg(total ORDER BY metric), array_agg(n::bigint ORDER BY metric),
                     array_agg(first ORDER BY metric), array_agg(last ORDER BY metric)
              FROM \(rollups) GROUP BY day, charger) AS r(day, charger, metrics, totals, counts, firsts, lasts)
        FULL JOIN (SELECT day, charger, array_agg(metric ORDER BY metric, t), array_agg(t ORDER BY metric, t), array_agg(v ORDER BY metric, t)
                   FROM \(samples) GROUP BY day, charger) AS s(day, charger, m, t, v)
            ON s.day = r.day AND s.charger = r.charger
        """
    }

    /// Rollups (day, metric, charger, total, n, first, last) computed from the samples of `samples`, as the client
    /// computes them (values added in time order).
    static func rollups(of samples: String) -> String {
        "(SELECT day, metric, charger, sum(v ORDER BY t) AS total, count(*) AS n, min(t) AS first, max(t) AS last FROM \(samples) GROUP BY day, metric, charger) AS rollups"
    }
}

/// Whole rows to write, column by column: per row its key and the ranges of its sections and samples in the flat
/// arrays (1-based, inclusive, as PostgreSQL slices arrays).
struct PostgresRowBatch {
    var day: [Int32] = [], charger: [Int32] = []
    var sectionFrom: [Int32] = [], sectionTo: [Int32] = [], sampleFrom: [Int32] = [], sampleTo: [Int32] = []
    var metrics: [Int32] = [], totals: [Double] = [], counts: [Int64] = [], firsts: [Int64] = [], lasts: [Int64] = []
    var m: [Int32] = [], t: [Int64] = [], v: [Double] = []
    var count: Int { day.count }

    /// Appends one row: its samples sorted by (metric, time), with the rollups of each section.
    mutating func append(day d: Int32, charger ch: Int32, m rowM: ArraySlice<Int32>, t rowT: ArraySlice<Int64>, v rowV: ArraySlice<Double>,
                         sections: [(metric: Int32, total: Double, n: Int64, first: Int64, last: Int64)]) {
        day.append(d); charger.append(ch)
        sectionFrom.append(Int32(metrics.count + 1))
        for s in sections {
            metrics.append(s.metric); totals.append(s.total); counts.append(s.n); firsts.append(s.first); lasts.append(s.last)
        }
        sectionTo.append(Int32(metrics.count))
        sampleFrom.append(Int32(t.count + 1))
        m.append(contentsOf: rowM); t.append(contentsOf: rowT); v.append(contentsOf: rowV)
        sampleTo.append(Int32(t.count))
    }

    /// Inserts the rows, replacing those already stored with the same key, in one statement: the flat arrays are
    /// bound once each (binary) and sliced per row on the server.
    func write(_ c: PostgresConnection) async throws {
        guard count > 0 else { return }
        try await c.exec("""
            INSERT INTO sample_rows (day, charger, metrics, totals, counts, firsts, lasts, m, t, v)
            SELECT r.day, r.charger, (\(metrics)::int[])[r.a:r.b], (\(totals)::float8[])[r.a:r.b], (\(counts)::bigint[])[r.a:r.b],
                   (\(firsts)::bigint[])[r.a:r.b], (\(lasts)::bigint[])[r.a:r.b],
                   (\(m)::int[])[r.c:r.d], (\(t)::bigint[])[r.c:r.d], (\(v)::float8[])[r.c:r.d]
            FROM unnest(\(day)::int[], \(charger)::int[], \(sectionFrom)::int[], \(sectionTo)::int[], \(sampleFrom)::int[], \(sampleTo)::int[])
                AS r(day, charger, a, b, c, d)
            ON CONFLICT (day, charger) DO UPDATE SET metrics = excluded.metrics, totals = excluded.totals, counts = excluded.counts,
                firsts = excluded.firsts, lasts = excluded.lasts, m = excluded.m, t = excluded.t, v = excluded.v
            """, c.logger)
    }
}

/// A stored row's samples, sorted by (metric, time), with its sections' rollups as stored.
struct PostgresStoredRow {
    var m: [Int32]
    var t: [Int64]
    var v: [Double]
    var sections: [Int32: (total: Double, n: Int64, first: Int64, last: Int64)]

    /// The stored rows of `keys` (day, charger) that exist.
    static func fetch(days: [Int32], chargers: [Int32], _ c: PostgresConnection) async throws -> [Int64: PostgresStoredRow] {
        guard !days.isEmpty else { return [:] }
        var out: [Int64: PostgresStoredRow] = [:]
        let rows = try await c.query("""
            SELECT r.day, r.charger, r.metrics, r.totals, r.counts, r.firsts, r.lasts, r.m, r.t, r.v
            FROM sample_rows r JOIN unnest(\(days)::int[], \(chargers)::int[]) AS k(day, charger) ON r.day = k.day AND r.charger = k.charger
            """, logger: c.logger)
        for try await (day, charger, metrics, totals, counts, firsts, lasts, m, t, v)
            in rows.decode((Int32, Int32, [Int32], [Double], [Int64], [Int64], [Int64], [Int32], [Int64], [Double]).self) {
            var sections: [Int32: (Double, Int64, Int64, Int64)] = [:]
            for k in metrics.indices where k < totals.count && k < counts.count && k < firsts.count && k < lasts.count {
                sections[metrics[k]] = (totals[k], counts[k], firsts[k], lasts[k])
            }
            out[key(day, charger)] = PostgresStoredRow(m: m, t: t, v: v, sections: sections)
        }
        return out
    }

    static func key(_ day: Int32, _ charger: Int32) -> Int64 { Int64(day) << 32 | Int64(UInt32(bitPattern: charger)) }
}
