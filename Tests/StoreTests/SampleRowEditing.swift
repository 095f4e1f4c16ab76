import Foundation
import GRDB
@testable import Store

/// A chunk (one metric's section of a `sample_rows` row) as a tamper test edits it: the stored fields and the
/// encoded samples.
struct StoredChunk {
    var metric: Int64
    var n: Int64
    var first: Int64
    var last: Int64
    var total: Double
    var samples: [UInt8]
}

extension SampleFixture {
    /// Rewrites the chunks of the rows `condition` (SQL over `day`, `charger`) selects through `edit`, as someone with
    /// the file and this description could; the rows' `n` is left as it was.
    func editChunks(where condition: String = "1", _ edit: (inout StoredChunk) -> Void) throws {
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in try Self.editChunks(db, where: condition, edit) }
    }

    static func editChunks(_ db: Database, where condition: String = "1", _ edit: (inout StoredChunk) -> Void) throws {
        for row in try Row.fetchAll(db, sql: "SELECT day, charger, data FROM sample_rows WHERE \(condition)") {
            let day: Int64 = row["day"], charger: Int64 = row["charger"]
            let data: Data = row["data"]
            var chunks: [StoredChunk] = []
            let intact = data.withUnsafeBytes { bytes in
                ChargerDay.forEach(bytes, day: day) { s in
                    chunks.append(StoredChunk(metric: s.metric, n: s.n, first: s.first, last: s.last, total: s.total, samples: Array(s.samples)))
                }
            }
            precondition(intact, "a damaged row before the edit")
            var encoder = ChargerDayEncoder(day: day)
            for var chunk in chunks {
                edit(&chunk)
                chunk.samples.withUnsafeBytes {
                    encoder.add(metric: chunk.metric, n: chunk.n, first: chunk.first, last: chunk.last, total: chunk.total, encoded: $0)
                }
            }
            try db.execute(sql: "UPDATE sample_rows SET data = ? WHERE day = ? AND charger = ?", arguments: [Data(encoder.bytes), day, charger])
        }
    }
}

extension SampleFixture {
    /// Turns the samples back into the layout of v3 to v7 (`sample_chunks`: a row per day, metric and charger), as a
    /// store written before v8 holds them, and forgets that v8 ran: the next open converts them again.
    static func chunksAsBeforeV8(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sample_chunks (day INTEGER NOT NULL, metric INTEGER NOT NULL, charger INTEGER NOT NULL, total REAL NOT NULL,
                n INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, samples BLOB NOT NULL,
                PRIMARY KEY (day, metric, charger)) WITHOUT ROWID
            """)
        for row in try Row.fetchAll(db, sql: "SELECT day, charger, data FROM sample_rows") {
            let day: Int64 = row["day"], charger: Int64 = row["charger"]
            let data: Data = row["data"]
            var chunks: [StoredChunk] = []
            let intact = data.withUnsafeBytes { bytes in
                ChargerDay.forEach(bytes, day: day) { s in
                    chunks.append(StoredChunk(metric: s.metric, n: s.n, first: s.first, last: s.last, total: s.total, samples: Array(s.samples)))
                }
            }
            precondition(intact, "a damaged row")
            for c in chunks {
                try db.execute(sql: "INSERT INTO sample_chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [day, c.metric, charger, c.total, c.n, c.first, c.last, Data(c.samples)])
            }
        }
        try db.execute(sql: "DROP TABLE sample_rows; DELETE FROM grdb_migrations WHERE identifier = 'v8-sample-rows'")
    }
}
