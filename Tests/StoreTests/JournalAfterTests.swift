import Application
import Engine
import Foundation
import Playbook
import Testing

/// The journal read from a place (`entries(after:limit:)`) on both backends, and the alert watch reading only
/// the entries appended since its last pass.
@Suite struct JournalAfterTests {
    @Test(arguments: Backend.all)
    func entriesAfterASequenceNumber(backend: Backend) throws {
        let t = try TemporaryStore(backend)
        for person in ["ann", "ben", "cem", "dua", "eli"] {
            _ = try t.service.createToken(person: person, role: "viewer", approves: [], validFor: nil, as: t.by())
        }
        let all = try t.store.history(cohort: nil)
        #expect(all.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(try t.store.entries(after: 2, limit: 2).map(\.seq) == [3, 4])
        #expect(try t.store.entries(after: 2, limit: 100) == Array(all.dropFirst(2)))
        #expect(try t.store.entries(after: 0, limit: 100) == all)
        #expect(try t.store.entries(after: 5, limit: 100).isEmpty)
    }

    @Test(arguments: Backend.all)
    func anAlertPassReadsOnlyTheEntriesSinceTheLastOne(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        let recorder = JournalReadRecorder(try #require(t.store as? any MigrateStoring & ServiceStoring))
        let service = MigrationService(store: recorder)
        let bot = t.by("watch-bot")
        let fleet = "id,site\n" + (1...6).map { "CP-\($0),s\($0 % 2 + 1)" }.joined(separator: "\n")
        _ = try service.importFleet(csv: Array(fleet.utf8), file: "fleet.csv", as: t.by())
        _ = try await service.createCohort("north", playbook: PlaybookSource(text: storePlaybook, file: "p.yaml"), selector: .all,
                                           reason: nil, as: t.by())
        for person in ["ann", "ben", "cem"] {
            _ = try service.createToken(person: person, role: "viewer", approves: [], validFor: nil, as: t.by())
        }
        try service.beginAlertWatch(as: bot)
        #expect(try service.alertsDue(after: [], as: bot).isEmpty, "the first look only notes where the journal stands")
        let seen = try recorder.journalHead()
        #expect(seen >= 5)

        recorder.forget()
        _ = try await service.rollback("north", reason: "session starts dropped", as: t.by())
        let head = try recorder.journalHead()
        let alerts = try service.alertsDue(after: [], as: bot)
        #expect(alerts.map(\.cohort) == ["north"])
        #expect(alerts.first?.changes.map(\.kind).contains("rollback-started") == true)
        let reads = recorder.journalReads
        #expect(reads.map(\.call) == ["after \(seen)"], "one read from where the last pass stood, never the whole history")
        #expect(reads.first?.seqs == Array((seen + 1)...head))

        recorder.forget()
        #expect(try service.alertsDue(after: [], as: bot).isEmpty, "nothing new: no alert")
        #expect(recorder.journalReads.isEmpty, "nothing new: nothing read")
    }

    @Test func theWatchReadsAJournalLongerThanOnePageInPages() throws {
        let t = try TemporaryStore()
        let recorder = JournalReadRecorder(try #require(t.store as? any MigrateStoring & ServiceStoring))
        let service = MigrationService(store: recorder)
        for k in 0..<7 { _ = try service.createToken(person: "p\(k)", role: "viewer", approves: [], validFor: nil, as: t.by()) }
        let entries = try service.newEntries(after: 2, upTo: 6, page: 2)
        #expect(entries.map(\.seq) == [3, 4, 5, 6])
        #expect(recorder.journalReads.map(\.call) == ["after 2", "after 4"])
    }
}
