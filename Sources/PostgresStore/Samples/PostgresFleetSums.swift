import Engine
import PostgresNIO

/// The fleet-wide sums (schema 4, `fleet_days` and `fleet_seconds`): per (metric, UTC day) and per (metric, second
/// that has samples) the sum and count of every charger's samples. Each import adds what it stored as the SQLite
/// store does (`PostgresFleetAdds`), so both hold the same doubles; `verify` recomputes them on the server with the
/// SQL below and compares them as the SQLite store's `verify` does: counts exactly, sums up to the rounding of adding
/// the same values in another order (a relative 1e-9; an edited sum is off by far more). A group larger than half of
/// the chargers with samples is answered as the fleet minus the chargers outside it (`PostgresGroupSums`), as on SQLite.
enum PostgresFleetSums {
    /// `metric, day, total, n` per (metric, day) of the rollups matching `condition` (on `sample_days`).
    static func daysFromRollups(where condition: String) -> String {
        "SELECT metric, day, sum(total ORDER BY charger), sum(n)::bigint FROM sample_days WHERE \(condition) GROUP BY metric, day"
    }

    /// `metric, second, total, n` per (metric, second) of the samples matching `condition` (on `samples`).
    static func secondsFromSamples(where condition: String) -> String {
        "SELECT metric, \(second("t")), sum(v ORDER BY charger, t), count(*) FROM samples WHERE \(condition) GROUP BY 1, 2"
    }

    /// floor(`t` / 1,000,000) in integer arithmetic.
    static func second(_ t: String) -> String { "(\(t) - ((\(t) % 1000000) + 1000000) % 1000000) / 1000000" }

    /// For `verify`: the first fleet-wide sum that is not what the rollups and samples give (recomputed on the server,
    /// compared exactly), or nil.
    static func firstMismatch(_ c: PostgresConnection) async throws -> String? {
        let log = c.logger
        // As the SQLite store's `FleetSums.close`: equal, or within a relative 1e-9 (at least 1e-9).
        let differs = """
            f.n IS DISTINCT FROM r.n OR f.total IS NULL OR r.total IS NULL
            OR (f.total <> r.total AND abs(f.total - r.total) > 1e-9 * greatest(1, abs(f.total), abs(r.total)))
            """
        if let row = try await c.rows(PostgresQuery(unsafeSQL: """
            SELECT coalesce(m.name, '#' || coalesce(f.metric, r.metric)), coalesce(f.day, r.day), f.total, f.n, r.total, r.n
            FROM fleet_days f FULL JOIN (\(daysFromRollups(where: "TRUE"))) AS r(metric, day, total, n) ON r.metric = f.metric AND r.day = f.day
            LEFT JOIN metric_names m ON m.id = coalesce(f.metric, r.metric)
            WHERE \(differs)
            ORDER BY 2, 1 LIMIT 1
            """), log).first {
            let (metric, day, total, n, want, wantN) = try row.decode((String, Int32, Double?, Int64?, Double?, Int64?).self)
            return "the fleet-wide sum of metric \(metric) on day \(PostgresDayDigest.dayText(Int64(day))) is \(text(total, n)), but its chargers' rollups give \(text(want, wantN))"
        }
        if let row = try await c.rows(PostgresQuery(unsafeSQL: """
            SELECT coalesce(m.name, '#' || coalesce(f.metric, r.metric)), coalesce(f.second, r.second), f.total, f.n, r.total, r.n
            FROM fleet_seconds f FULL JOIN (\(secondsFromSamples(where: "TRUE"))) AS r(metric, second, total, n) ON r.metric = f.metric AND r.second = f.second
            LEFT JOIN metric_names m ON m.id = coalesce(f.metric, r.metric)
            WHERE \(differs)
            ORDER BY 2, 1 LIMIT 1
            """), log).first {
            let (metric, second, total, n, want, wantN) = try row.decode((String, Int64, Double?, Int64?, Double?, Int64?).self)
            let at = PostgresStore.formatTime(second * 1_000_000)
            return "the fleet-wide sum of metric \(metric) in the second at \(at) is \(text(total, n)), but the samples give \(text(want, wantN))"
        }
        return nil
    }

    private static func text(_ total: Double?, _ n: Int64?) -> String {
        guard let total, let n else { return "missing" }
        return "\(PostgresStore.format(total)) over \(n) samples"
    }
}
