import Application
import Engine
import Foundation
import Gates
import Playbook
import Store
import Testing

@Suite struct JournalStoreTests {
    @Test(arguments: Backend.all) func createProjectsTheCohortAndItsRoutes(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(10)
        let snap = try t.store.snapshot(of: "north")
        #expect(snap.chargers.count == 10)
        #expect(snap.routes.values.filter { $0 == "target" }.count == 5)
        #expect(snap.cohort.status == .active)
        #expect(try t.store.verify().ok)
    }

    @Test(arguments: Backend.all) func reimportingTheSameFleetChangesNothing(backend: Backend) throws {
        let t = try TemporaryStore(backend)
        _ = try t.service.importFleet(csv: fleetCSV(chargers(5)), file: "f", as: t.by())
        let again = try t.service.importFleet(csv: fleetCSV(chargers(5)), file: "f", as: t.by())
        #expect(again.entry == nil)
        #expect(again.unchanged == 5)
        #expect(try t.store.history(cohort: nil).count == 1)
    }

    @Test(arguments: Backend.all) func aChargerBelongsToOneCohort(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(4)
        let source = PlaybookSource(text: storePlaybook, file: "p.yaml")
        await #expect { try await t.service.createCohort("south", playbook: source, selector: .all, reason: nil, as: t.by()) } throws: {
            ($0 as? MigrateError)?.kind == .conflict && "\($0)".contains("already belong to cohort north")
        }
        await #expect { try await t.service.createCohort("north", playbook: source, selector: .all, reason: nil, as: t.by()) } throws: {
            ($0 as? MigrateError)?.kind == .conflict && "\($0)".contains("already exists")
        }
        #expect(try t.store.cohorts().count == 1)
    }

    @Test(arguments: Backend.all) func aSelectorThatMatchesNothingSaysWhatTheFleetHas(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        _ = try t.service.importFleet(csv: fleetCSV(chargers(4)), file: "f", as: t.by())
        do {
            _ = try await t.service.createCohort("x", playbook: PlaybookSource(text: storePlaybook, file: "p.yaml"),
                                                 selector: CohortSelector(conditions: [(attribute: "site", values: ["nowhere"])]), reason: nil, as: t.by())
            Issue.record("expected an error")
        } catch let e as MigrateError {
            #expect(e.kind == .invalidInput)
            #expect(e.message.contains("s1, s2"))
        }
    }

    @Test(arguments: Backend.all) func theVersionCheckRefusesAStaleCommit(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(2)
        let snapshot = try t.store.snapshot(of: "north")
        let version = snapshot.cohort.version
        // Approvals do not move the cohort: the version stays.
        _ = try t.service.approve("north", role: "operations", note: nil, as: t.by("carol"))
        #expect(try t.store.snapshot(of: "north").cohort.version == version)
        let pause = JournalEvent.paused(.init(phase: "pilot", plan: PlanRun(id: "north/pause/\(version)", kind: .pause, phase: "pilot",
                                                                          fromPhase: "pilot", reason: "", actor: "bob", steps: 0)))
        try t.store.append([t.entry(pause, cohort: "north", by: "bob")], if: .cohortVersion("north", version))
        do {
            try t.store.append([t.entry(.resumed(.init(phase: "pilot")), cohort: "north")], if: .cohortVersion("north", version))
            Issue.record("expected CohortMovedError")
        } catch let e as CohortMovedError {
            #expect(e.by == "bob")
            #expect(e.entryKind == .paused)
            #expect(e.kind == .moved)
        }
    }

    @Test(arguments: Backend.all) func anEntryBeforeTheCohortsLatestIsRefused(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(2)
        let earlier = t.by("carol", at: t0.addingTimeInterval(-60))
        #expect { try t.service.approve("north", role: "finance", note: nil, as: earlier) } throws: {
            ($0 as? MigrateError)?.kind == .invalidInput && "\($0)".contains("time does not go backwards")
        }
        #expect(try t.store.approvals(of: "north").isEmpty)
        #expect(try t.store.verify().ok)
    }

    @Test(arguments: Backend.all) func approvalsMustBeForARoleThePhaseAsksFor(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(2)
        #expect(throws: RefusalError.self) { try t.service.approve("north", role: "ceo", note: nil, as: t.by()) }
        _ = try t.service.approve("north", role: "finance", note: "ok", as: t.by())
        #expect(try t.store.approvals(of: "north").map(\.role) == ["finance"])
    }

    @Test(arguments: Backend.all) func issuesOpenCloseAndImportAgain(backend: Backend) throws {
        let t = try TemporaryStore(backend)
        let added = try t.service.addIssue(IssueRecord(id: "", title: "x", severity: .high, openedAt: t0, openedBy: "a"), as: t.by())
        #expect(added.id == "ISS-1")
        _ = try t.service.closeIssue("ISS-1", note: "fixed", as: t.by("bob"))
        #expect(try t.store.issues().first?.closedBy == "bob")
        #expect { try t.service.closeIssue("ISS-1", note: nil, as: t.by()) } throws: { ($0 as? MigrateError)?.kind == .conflict }
        let records = [IssueRecord(id: "GH-1", title: "t", severity: .low, openedAt: t0, openedBy: "a")]
        #expect(try t.service.importIssues(records, file: "f", as: t.by()).opened == 1)
        #expect(try t.service.importIssues(records, file: "f", as: t.by()).unchanged == 1)
        var changed = records
        changed[0].severity = .critical
        #expect(try t.service.importIssues(changed, file: "f", as: t.by()).updated == 1)
        #expect(try t.store.verify().ok)
    }

    @Test(arguments: Backend.all) func reopeningTheStoreKeepsEverything(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(3)
        let reopened = try t.backing.reopen()
        #expect(try reopened.snapshot(of: "north").chargers.count == 3)
        #expect(try reopened.verify().entries == 4)
    }
}

@Suite struct VerifyTests {
    @Test(arguments: Backend.all, [
        ("UPDATE journal SET actor = 'mallory' WHERE seq = 2", "journal entry 2"),
        ("UPDATE journal SET payload = replace(payload, 'CP-000', 'CP-999') WHERE seq = 3", "journal entry 3"),
        ("DELETE FROM journal WHERE seq = 2", "journal entry 2"),
        ("UPDATE journal SET seq = 100 WHERE seq = 3; UPDATE journal SET seq = 3 WHERE seq = 4; UPDATE journal SET seq = 4 WHERE seq = 100;", "journal entry 3"),
        ("DELETE FROM journal WHERE seq = (SELECT MAX(seq) FROM journal)", "tables do not follow"),
        ("UPDATE routes SET backend = 'target' WHERE charger = 'CP-001'", "route of charger CP-001"),
        ("UPDATE cohorts SET phase_index = 1", "cohort north"),
    ])
    func tamperingIsFound(backend: Backend, tampering: (sql: String, named: String)) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(4)
        #expect(try t.store.verify().ok)
        try t.backing.tamper(tampering.sql)
        let report = try t.backing.reopen().verify()
        #expect(!report.ok)
        #expect(report.problem?.contains(tampering.named) == true, "\(report.problem ?? "")")
    }
}

@Suite struct StoreFileTests {
    @Test func aTextFileIsNotAStore() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("m-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("notes.db").path
        try "hello".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try MigrateStore(path: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
    }
}
