import Foundation
import Testing

/// `migrate db init` and `migrate store copy` as a user runs them: a pilot's SQLite store to PostgreSQL and back.
@Suite("PostgreSQL: db init and store copy", .disabled(if: PostgresServer.url == nil, Comment(rawValue: PostgresServer.missing)))
struct PostgresStoreCopyCLITests {
    @Test("a pilot's store copied to PostgreSQL and back verifies and shows the same history; a non-empty target is refused")
    func copyThereAndBack() async throws {
        let box = try Sandbox()
        try await box.setUpAsync(chargers: 40, playbook: Paths.fixture("basic.yaml"))
        try await box.okAsync(["advance", "north", "--reason", "pilot done"], now: Sandbox.hoursAfterT0(2))
        try await box.okAsync(["metrics", "import", try box.write("m.csv", PostgresConcurrencyTests.samples(metric: "kpi", count: 2000))])
        let pilot = box.db
        let team = try PostgresServer.freshDatabase()
        let init1 = try await box.runAsync(["db", "init"], db: team)
        #expect(init1.status == 0 && init1.stdout.contains("schema version"), "\(init1)")
        let copied = try await box.runAsync(["store", "copy", "--from", pilot, "--to", team, "--json"], global: false)
        #expect(copied.status == 0, "\(copied)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(copied.stdout.utf8)) as? [String: Any])
        #expect(report["samples"] as? Int == 2000)
        let back = box.path("back.db")
        try await box.okAsync(["store", "copy", "--from", team, "--to", back], global: false)
        var histories: [String] = []
        for db in [pilot, team, back] {
            box.db = db
            try await box.verified()
            histories.append(try await box.okAsync(["history", "north", "--json"]).stdout)
        }
        #expect(histories[0] == histories[1] && histories[1] == histories[2])
        let again = try await box.runAsync(["store", "copy", "--from", pilot, "--to", team], global: false)
        #expect(again.status == 1 && again.stderr.contains("is not empty"), "\(again)")
    }
}
