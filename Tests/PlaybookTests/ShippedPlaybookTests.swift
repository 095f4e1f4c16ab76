import Playbook
import Testing

/// The playbooks in `playbooks/` are what users start from: they must be clean.
@Suite("Shipped playbooks")
struct ShippedPlaybookTests {
    @Test func thereAreShippedPlaybooks() {
        let names = Fixtures.shippedPlaybooks.map { $0.split(separator: "/").last.map(String.init) ?? "" }
        #expect(names.contains("csms-cutover.yaml") && names.contains("single-site-trial.yaml"))
    }

    @Test("validates with no error and no warning", arguments: Fixtures.shippedPlaybooks)
    func clean(_ path: String) {
        let result = PlaybookLoader.load(path: path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.playbook != nil)
    }

    @Test func theFullCutoverHasTheCriteriaOfAGoodPilot() throws {
        let path = try #require(Fixtures.shippedPlaybooks.first { $0.hasSuffix("csms-cutover.yaml") })
        let p = try #require(PlaybookLoader.load(path: path).playbook)
        #expect(p.from == "legacy" && p.to == "target")
        #expect(p.phases.first?.name == "pilot" && p.phases.last?.scope == .all)
        let samples = Set(p.metrics.flatMap(\.form.sampleNames))
        #expect(samples == ["session.started", "session.attempted", "connection.dropped", "remote.succeeded", "remote.requested", "cdr.mismatched", "cdr.checked"])
        let kinds = Set(p.phases.flatMap(\.gates).map(\.kind.keyword))
        #expect(kinds == ["metric", "issues", "approvals", "coverage", "calendar"])
        let shares = p.phases.compactMap { $0.scope?.share?.value }
        #expect(shares == shares.sorted() && shares.count >= 3)
        #expect(p.plans.rollback.first?.action == .route(backend: "legacy"))
    }
}
