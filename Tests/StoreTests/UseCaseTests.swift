import Application
import Engine
import Foundation
import Gates
import Playbook
import Store
import Testing

/// The application's use cases over a real SQLite store: the paths the command line and the API share.
@Suite struct UseCaseTests {
    @Test(arguments: Backend.all) func advanceWithAnExpectedPhaseIsRefusedElsewhereAndWritesNothing(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(4)
        let before = try t.store.journalHead()
        let result = try await t.service.advance("north", reason: "retry", expectPhase: "fleet", as: t.by())
        #expect(result.outcome.refusal == .notInExpectedPhase(expected: "fleet", actual: "pilot"))
        #expect(result.refusal?.kind == .refused)
        #expect(try t.store.journalHead() == before)
        // In the expected phase, the gates decide (approvals missing: pending, and a `blocked` entry).
        let judged = try await t.service.advance("north", reason: nil, expectPhase: "pilot", as: t.by())
        #expect(judged.outcome.refusal == .gatesNotPassed(.pending))
        #expect(judged.refusal?.entry == before + 1)
    }

    @Test(arguments: Backend.all) func aRollbackPreviewShowsWhatWouldMoveAndWritesNothing(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(4)
        let before = try t.store.journalHead()
        let preview = try t.service.preview(.rollback, of: "north", reason: "drill", as: t.by())
        #expect(preview.steps.count == 1)
        guard case let .route(backend, chargers) = preview.steps[0].effect else { Issue.record("expected a route step"); return }
        #expect(backend == "legacy")
        #expect(chargers.sorted() == ["CP-000", "CP-002"])
        #expect(preview.routedBackAtEnd.isEmpty)
        #expect(try t.store.journalHead() == before)
        // The preview takes the real decision: a completed-then-rolled-back cohort cannot roll back again.
        _ = try await t.service.rollback("north", reason: "drill", as: t.by())
        #expect { try t.service.preview(.rollback, of: "north", reason: "again", as: t.by()) } throws: { ($0 as? RefusalError)?.kind == .refused }
    }

    @Test(arguments: Backend.all) func evaluateCarriesOnPastACohortItCannotEvaluate(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await t.seed(4)
        let results = try await t.service.evaluate(cohorts: ["nowhere", "north"], as: t.by())
        #expect(results.map(\.cohort) == ["nowhere", "north"])
        #expect((results[0].error as? MigrateError)?.kind == .notFound)
        #expect(results[1].transition?.outcome.report?.phase == "pilot")
    }
}
