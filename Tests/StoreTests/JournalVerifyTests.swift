import Engine
import Foundation
import GRDB
@testable import Store
import Testing

/// `verifyJournal` (what the checkpoint report states) checks the hash chain and that the tables follow from the
/// journal, by their seal or a replay, and leaves the samples to `verify`.
@Suite struct JournalVerifyTests {
    @Test func itChecksTheChainAndTheTablesButNotTheSamples() throws {
        let f = try SampleVerifyTests.fixture()
        let sealed = try f.store.verifyJournal()
        #expect(sealed.ok && sealed.tablesSealed, "the fixture's verify sealed the tables: \(sealed)")
        #expect(sealed.sampleDays == 0, "no sample day is read")
        #expect(sealed.entries == (try f.store.verify()).entries)
        try SampleVerifyTests.tamper(f, "UPDATE sample_chargers SET charger = 'CP-99' WHERE id = (SELECT MIN(id) FROM sample_chargers)")
        let samplesEdited = try f.store.verify()
        #expect(!samplesEdited.ok, "verify finds the renamed charger of the samples")
        #expect(try f.store.verifyJournal().ok, "the journal and its tables are unchanged")
    }

    @Test func anEditedEntryIsFound() throws {
        let f = try SampleVerifyTests.fixture()
        try SampleVerifyTests.tamper(f, "UPDATE journal SET actor = 'mallory' WHERE seq = 2")
        let report = try f.store.verifyJournal()
        #expect(report.problem?.contains("journal entry 2: its content does not match its hash") == true, "\(report)")
    }

    @Test func anEditedTableBreaksTheSealAndTheReplayFindsIt() async throws {
        let t = try TemporaryStore(.sqlite)
        try await t.seed(10)
        #expect(try t.store.verify().ok)
        #expect(try t.store.verifyJournal().tablesSealed)
        try Self.edit(t.path, "UPDATE routes SET backend = 'legacy', url = 'wss://legacy.example/ocpp' WHERE backend = 'target' AND charger = 'CP-000'")
        let report = try t.store.verifyJournal()
        #expect(report.problem?.contains("route of charger CP-000") == true, "\(report)")
        #expect(!report.tablesSealed)
    }

    static func edit(_ path: String, _ sql: String) throws {
        try DatabaseQueue(path: path).write { try $0.execute(sql: sql) }
    }

    /// On a store never verified, the replay that passes seals the tables, as `verify` does.
    @Test func aPassingReplaySealsTheTables() async throws {
        let t = try TemporaryStore(.sqlite)
        try await t.seed(10)
        let first = try t.store.verifyJournal()
        #expect(first.ok && !first.tablesSealed)
        #expect(try t.store.verifyJournal().tablesSealed)
    }
}
