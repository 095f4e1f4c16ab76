import Engine
import Foundation
import Playbook

/// A playbook as a front end received it: the bytes of a file, or text sent to the API, and the name its
/// diagnostics give (the file's path).
public struct PlaybookSource: Sendable {
    public var bytes: [UInt8]
    public var file: String

    public init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    public init(text: String, file: String) {
        self.init(bytes: Array(text.utf8), file: file)
    }

    /// The playbook with its text, or every diagnostic as invalid input.
    func load() throws -> (playbook: Playbook, text: String) {
        let result = PlaybookLoader.load(data: bytes, file: file)
        guard let playbook = result.playbook, let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError(problems: ["\(file) does not validate:"] + result.errors.map(\.description))
        }
        return (playbook, text)
    }
}

/// A cohort just created: the entries that created it, the cohort, and where its `on_enter` plan stands.
public struct CohortCreated: Sendable {
    public var entries: [JournalEntry]
    public var snapshot: CohortSnapshot
    public var plan: PlanStop?
    /// Sample names the playbook reads that look wrong (`SampleNameCheck`).
    public var warnings: [Diagnostic] = []
}

/// A cohort moved to a new version of its playbook (nil entry: it already ran that version).
public struct CohortUpgraded: Sendable {
    public var entry: JournalEntry?
    public var fromDigest: String
    public var digest: String
    public var playbook: String
    /// Sample names the new playbook reads that look wrong (`SampleNameCheck`).
    public var warnings: [Diagnostic] = []
}

extension MigrationService {
    /// Creates cohort `name` of the fleet's chargers that `selector` matches, on the playbook; it enters the first
    /// phase (every charger routed to `from`, the first scope to `to`) and runs its `on_enter` plan.
    public func createCohort(_ name: String, playbook source: PlaybookSource, selector: CohortSelector, reason: String?,
                             as invocation: Invocation) async throws -> CohortCreated {
        let (playbook, text) = try source.load()
        let digest = Digest.sha256(Array(text.utf8))
        let runner = runner(invocation)
        let (entries, _) = try appendDecidedOnJournal { _ in
            let fleet = try store.fleet()
            let first = playbook.phases[0]
            let preflight = try runner.preflightReport(first.preflight, phase: first.name,
                                                       candidates: CohortCreation.preflightCandidates(playbook: playbook, selector: selector, fleet: fleet),
                                                       playbook: playbook, now: invocation.now)
            let events = try CohortCreation.decide(name: name, playbook: playbook, digest: digest, content: text, selector: selector,
                                                   fleet: fleet, memberships: try store.memberships(),
                                                   existing: try store.cohorts().map(\.name), actor: invocation.actor, reason: reason ?? "",
                                                   preflight: preflight)
            return (events.map { invocation.entry($0, cohort: name, reason: reason) }, ())
        }
        var stop: PlanStop?
        if try store.snapshot(of: name).cohort.plan != nil {
            stop = try await runner.drivePlan(cohort: name, retryFailed: false).1
        }
        return CohortCreated(entries: entries, snapshot: try store.snapshot(of: name), plan: stop,
                             warnings: (try? sampleNameWarnings(playbook, file: source.file)) ?? [])
    }

    /// Moves a cohort to a new version of its playbook: same `from` and `to`, the current phase kept by name,
    /// no plan under way. Journaled with both digests; routes change when the cohort next enters a phase.
    public func upgradeCohort(_ name: String, playbook source: PlaybookSource, reason: String, as invocation: Invocation) throws -> CohortUpgraded {
        let (playbook, text) = try source.load()
        let snapshot = try store.snapshot(of: name)
        let digest = Digest.sha256(Array(text.utf8))
        switch snapshot.machine.upgrade(to: playbook, digest: digest, content: text) {
        case let .refuse(refusal, _):
            throw RefusalError(refusal)
        case let .accept(record, _):
            let entries = try store.append(record.map { invocation.entry($0, cohort: name, reason: reason) },
                                           if: .cohortVersion(name, snapshot.cohort.version))
            return CohortUpgraded(entry: entries.first, fromDigest: snapshot.cohort.playbookDigest, digest: digest, playbook: playbook.name,
                                  warnings: (try? sampleNameWarnings(playbook, file: source.file)) ?? [])
        }
    }

    /// Records the actor's approval of the cohort's current phase in `role`, when the phase asks for it. Approvals
    /// do not move the cohort: several people approving at once all count; refused only if the cohort left the phase.
    public func approve(_ cohort: String, role: String, note: String?, as invocation: Invocation) throws -> JournalEntry {
        let snapshot = try store.snapshot(of: cohort)
        switch snapshot.machine.approve(role: role, note: note) {
        case let .refuse(refusal, _):
            throw RefusalError(refusal)
        case let .accept(record, _):
            let c = snapshot.cohort
            return try store.append(record.map { invocation.entry($0, cohort: cohort, reason: note) },
                                    if: .cohortPosition(cohort, phaseIndex: c.phaseIndex, status: c.status, version: c.version))[0]
        }
    }
}
