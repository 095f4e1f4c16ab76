import Application
import Engine
import Foundation
import Gates
import Playbook
import Store

let t0 = Date(timeIntervalSince1970: 1_793_610_000) // 2026-11-02T09:00:00Z

/// A store of a backend (SQLite in a fresh temporary directory, or a fresh PostgreSQL database), removed when
/// the test's value is released.
final class TemporaryStore {
    let backing: BackendStore
    var store: any MigrateStoring & CopyableStore { backing.store }
    /// The SQLite file, or the PostgreSQL URL.
    var path: String { backing.location }
    /// A temporary directory for the test's files.
    var directory: URL { backing.directory }

    init(_ backend: Backend = .sqlite) throws {
        backing = try BackendStore(backend)
    }

    /// The application over this store.
    var service: MigrationService { MigrationService(store: store) }

    /// `actor` acting on a clock stopped at `at`.
    func by(_ actor: String = "alice", at: Date = t0) -> Invocation {
        .simulated(actor: actor, at: at)
    }

    /// A journal entry by `actor` at `at`.
    func entry(_ event: JournalEvent, cohort: String?, by actor: String = "alice", at: Date = t0) -> NewEntry {
        NewEntry(at: at, cohort: cohort, actor: actor, reason: nil, simulated: true, event: event)
    }
}

let storePlaybook = """
playbook: store-test
version: 1
backends:
  legacy: wss://legacy.example/ocpp
  target: wss://target.example/ocpp
from: legacy
to: target
phases:
  - name: pilot
    scope: { site: [s1] }
    gates:
      - approvals: { roles: [operations, finance] }
  - name: fleet
    scope: all
plans:
  rollback:
    - route: legacy
"""

func chargers(_ n: Int) -> [Charger] {
    (0..<n).map { Charger(id: String(format: "CP-%03d", $0), attributes: ["site": $0 % 2 == 0 ? "s1" : "s2", "model": ["A", "B"][$0 % 2]]) }
}

extension TemporaryStore {
    /// A fleet of `n` and a cohort `north` of all of them on `storePlaybook`.
    func seed(_ n: Int = 10) async throws {
        _ = try service.importFleet(csv: fleetCSV(chargers(n)), file: "fleet.csv", as: by())
        _ = try await service.createCohort("north", playbook: PlaybookSource(text: storePlaybook, file: "p.yaml"), selector: .all,
                                           reason: nil, as: by())
    }
}

/// The fleet CSV of `chargers` (columns id, site, model).
func fleetCSV(_ chargers: [Charger]) -> [UInt8] {
    Array((["id,site,model"] + chargers.map { "\($0.id),\($0.attributes["site"] ?? ""),\($0.attributes["model"] ?? "")" }).joined(separator: "\n").utf8)
}
