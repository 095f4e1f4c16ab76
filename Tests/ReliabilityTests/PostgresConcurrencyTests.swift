import Foundation
import Testing

/// Many `migrate` processes on one PostgreSQL store at once: advances race, imports run beside them. The journal's
/// advisory lock serializes every append, so exactly one transition per phase wins and the chain never forks.
@Suite("PostgreSQL: concurrent processes", .disabled(if: PostgresServer.url == nil, Comment(rawValue: PostgresServer.missing)))
struct PostgresConcurrencyTests {
    /// `count` samples of `metric` for the first 40 chargers, hourly from t0 - 1d.
    static func samples(metric: String, count: Int) -> String {
        var text = "time,charger,metric,value\n"
        for k in 0..<count { text += "\(1_793_523_600 + (k / 40) * 3600),CP-\(String(format: "%04d", k % 40)),\(metric),\(k % 5)\n" }
        return text
    }

    @Test("8 processes advance one cohort and 4 import metrics at once, twice: one transition per phase, every import, the chain verifies")
    func advancesAndImportsRace() async throws {
        let box = try Sandbox()
        box.db = try PostgresServer.freshDatabase()
        try await box.setUpAsync(chargers: 60, playbook: Paths.fixture("basic.yaml"))
        var imported = 0
        for (round, now) in [Sandbox.hoursAfterT0(2), Sandbox.hoursAfterT0(4)].enumerated() {
            let files = try (0..<4).map { try box.write("m\(round)-\($0).csv", Self.samples(metric: "kpi.r\(round).f\($0)", count: 4000)) }
            let results = try await withThrowingTaskGroup(of: RunResult.self) { group in
                for i in 0..<8 { group.addTask { try await box.runAsync(["advance", "north", "--reason", "race \(i)"], now: now, actor: "op\(i)") } }
                for f in files { group.addTask { try await box.runAsync(["metrics", "import", f], now: now) } }
                var all: [RunResult] = []
                for try await r in group { all.append(r) }
                return all
            }
            let advances = results.filter { $0.arguments.first == "advance" }, imports = results.filter { $0.arguments.first == "metrics" }
            #expect(advances.filter { $0.status == 0 }.count == 1, "round \(round): \(advances)")
            for r in advances where r.status != 0 {
                #expect(r.status == 3, "a losing advance is refused: \(r)")
                #expect(r.stderr.contains("already moved") || r.stderr.contains("refused"), "\(r)")
            }
            #expect(imports.allSatisfy { $0.status == 0 }, "\(imports.filter { $0.status != 0 })")
            imported += 4 * 4000
        }
        let history = try await box.historyEntries("north")
        let advanced = entries(history, kind: "advanced")
        #expect(advanced.map { $0["from"] as? String } == ["pilot", "wave"], "\(advanced)")
        #expect(advanced.map { $0["to"] as? String } == ["wave", "fleet"])
        let metrics = try #require(try await box.parsed(["metrics", "list", "--json"]) as? [[String: Any]])
        #expect(metrics.count == 8)
        #expect(metrics.compactMap { $0["samples"] as? Int }.reduce(0, +) == imported)
        try await box.verified()
        print("POSTGRES-CLI-TEST-RAN")
    }
}
