import Foundation

/// One end-to-end scenario's world: a store with a fleet and a cohort, two CSMSes (legacy and target),
/// the proxy, and charge points — all real processes on 127.0.0.1.
final class Rig: @unchecked Sendable {
    let directory: URL
    let db: String
    let legacy: Backend
    let target: Backend
    private(set) var proxy: ProxyProcess?
    private var chargerProcesses: [Chargers] = []
    let logDirectory: URL

    private init(directory: URL, legacy: Backend, target: Backend) {
        self.directory = directory
        self.legacy = legacy
        self.target = target
        db = directory.appendingPathComponent("migrate.db").path
        logDirectory = directory.appendingPathComponent("proxy-log")
    }

    /// Starts both CSMSes. `legacyOptions`/`targetOptions`: more csms.py options.
    static func start(_ name: String, legacyOptions: [String] = [], targetOptions: [String] = []) async throws -> Rig {
        let directory = try Paths.temporaryDirectory(name)
        async let legacy = Backend.start("legacy", in: directory, txBase: 1000, extra: legacyOptions)
        async let target = Backend.start("target", in: directory, txBase: 5000, extra: targetOptions)
        return Rig(directory: directory, legacy: try await legacy, target: try await target)
    }

    /// Imports the fleet (`pilot` = the chargers the pilot phase moves) and creates cohort `c1` of all of
    /// them on a playbook whose phases are prepare (nothing moved), pilot (pilot=yes) and fleet (all).
    func fleet(_ ids: [String], pilot: Set<String>, legacyURL: String? = nil, targetURL: String? = nil) async throws {
        let playbook = """
            playbook: proxy-test
            version: 1
            backends:
              legacy: \(legacyURL ?? legacy.url)
              target: \(targetURL ?? target.url)
            from: legacy
            to: target
            phases:
              - name: prepare
              - name: pilot
                scope: { pilot: [yes] }
              - name: fleet
                scope: all
            plans:
              rollback:
                - route: legacy
            """
        try playbook.write(to: directory.appendingPathComponent("playbook.yaml"), atomically: true, encoding: .utf8)
        let csv = "id,pilot\n" + ids.map { id in "\(id.contains(" ") ? "\"\(id)\"" : id),\(pilot.contains(id) ? "yes" : "no")" }.joined(separator: "\n") + "\n"
        try csv.write(to: directory.appendingPathComponent("fleet.csv"), atomically: true, encoding: .utf8)
        try await migrate(["fleet", "import", "fleet.csv"])
        try await migrate(["cohort", "create", "c1", "--playbook", "playbook.yaml", "--all"])
    }

    /// Runs `migrate ARGS --db DB` and requires exit 0.
    @discardableResult
    func migrate(_ arguments: [String]) async throws -> RunResult {
        try await MigrateCLI.succeed(arguments + ["--db", db], in: directory)
    }

    /// `advance c1` (prepare → pilot → fleet).
    func advance() async throws { try await migrate(["advance", "c1", "--reason", "test"]) }

    func rollback() async throws { try await migrate(["rollback", "c1", "--reason", "test"]) }

    /// Starts the proxy with test-friendly switch timings unless `extra` says otherwise.
    @discardableResult
    func startProxy(_ extra: [String] = [], port: Int = 0) async throws -> ProxyProcess {
        let proxy = try await ProxyProcess.start(db: db, in: directory, port: port, logDirectory: logDirectory,
                                                 extra: ["--batch-interval", "200ms"] + extra)
        self.proxy = proxy
        return proxy
    }

    func chargers(_ ids: [String], protocols: String = "ocpp1.6", extra: [String] = []) throws -> Chargers {
        guard let proxy else { throw PeerFailure("start the proxy first") }
        let chargers = try Chargers(url: proxy.chargerURL, ids: ids, in: directory, protocols: protocols, extra: extra)
        chargerProcesses.append(chargers)
        return chargers
    }

    /// Stops every process of the scenario.
    func stop() async {
        for c in chargerProcesses { await c.stop() }
        await proxy?.stop()
        await legacy.kill()
        await target.kill()
    }

    /// Diagnostics for a failed expectation.
    func tails() -> String {
        [proxy?.process.tail(), legacy.process.tail(), target.process.tail()].compactMap { $0 }.joined(separator: "\n")
            + chargerProcesses.map { $0.process.tail() }.joined(separator: "\n")
    }
}
