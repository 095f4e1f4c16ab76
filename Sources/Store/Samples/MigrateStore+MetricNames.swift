import Engine
internal import GRDB

extension MigrateStore {
    /// The names of the metrics imported so far, from the names table alone (no sample is read).
    public func metricNames() throws -> Set<String> {
        try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT name FROM metric_names")) }
    }
}
