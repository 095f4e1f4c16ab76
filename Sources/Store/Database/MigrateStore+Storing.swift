import Engine

/// The SQLite store is everything the application needs of a store (`MigrateStoring`).
extension MigrateStore: SampleStore {}
