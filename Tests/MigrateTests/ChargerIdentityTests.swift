import Foundation
import Testing

/// Charger identities as OCPP 1.6J allows them (anything percent-encodable in a URL path, ≤ 48 characters):
/// `RDAM 123` and friends through fleet import, a cohort selector, routes (CSV and JSON), history and report.
@Suite("charger identities")
struct ChargerIdentityTests {
    static let playbook = """
        playbook: id-test
        version: 1
        backends:
          legacy: ws://legacy.example.net/ocpp
          target: ws://target.example.net/ocpp
        from: legacy
        to: target
        metrics:
          start_success: { ratio: [session.started, session.attempted] }
        phases:
          - name: pilot
            scope: all
            gates:
              - metric: start_success
                at_least: 0.5
                window: 7d
        plans:
          rollback:
            - route: legacy
        """

    static let odd = ["RDAM 123", #"A,B "q""#, "Zürich:7", "x|y@z*=+"]

    @Test func oddIdentitiesWorkEndToEnd() async throws {
        let dir = try AsyncMigrate.temporaryDirectory()
        let fleet = "id,site\n\"RDAM 123\",rdam\n\"A,B \"\"q\"\"\",x\nZürich:7,zh\nx|y@z*=+,p\nNL-AMS-001,ams\n"
        try fleet.write(to: dir.appendingPathComponent("fleet.csv"), atomically: true, encoding: .utf8)
        try Self.playbook.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let now = ["--db", "t.db", "--now", "2026-09-02T12:00:00Z"]

        let imported = try await AsyncMigrate.run(["fleet", "import", "fleet.csv"] + now, in: dir)
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("5 chargers added"))
        // Warnings for what OCPP 2.0.1 would refuse, with the line; none for the plain ids.
        #expect(imported.stderr.contains("fleet.csv:2: warning: column id: the charger id 'RDAM 123' has space"), "\(imported)")
        #expect(imported.stderr.contains("/ocpp/RDAM%20123"))
        #expect(imported.stderr.contains("fleet.csv:4: warning") && imported.stderr.contains("Basic authentication"))
        #expect(!imported.stderr.contains("fleet.csv:5:") && !imported.stderr.contains("fleet.csv:6:"), "\(imported.stderr)")

        let created = try await AsyncMigrate.run(["cohort", "create", "pilot", "--playbook", "p.yaml", "--where", "id=RDAM 123"] + now, in: dir)
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout.contains("with 1 chargers"), "\(created.stdout)")
        let all = try await AsyncMigrate.run(["cohort", "create", "rest", "--playbook", "p.yaml", "--where", "site=x,zh,p"] + now, in: dir)
        #expect(all.status == 0, "\(all)")

        let json = try await AsyncMigrate.run(["routes", "--format", "json"] + now, in: dir)
        let routes = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(Set(routes.map { $0["charger"] as! String }) == Set(Self.odd))

        let csv = try await AsyncMigrate.run(["routes", "--format", "csv"] + now, in: dir)
        #expect(csv.status == 0)
        #expect(csv.stdout.contains("\n\"A,B \"\"q\"\"\",rest,target,"), "\(csv.stdout)")
        #expect(Set(Self.parseCSV(csv.stdout).dropFirst().map { $0[0] }) == Set(Self.odd))

        let history = try await AsyncMigrate.run(["history", "pilot", "--json"] + now, in: dir)
        let entries = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as! [[String: Any]]
        #expect(entries.contains { ($0["chargers"] as? [String]) == ["RDAM 123"] }, "\(history.stdout.prefix(500))")

        try "time,charger,metric,value\n2026-09-02T13:00:00Z,RDAM 123,session.attempted,2\n2026-09-02T13:00:00Z,RDAM 123,session.started,1\n"
            .write(to: dir.appendingPathComponent("s.csv"), atomically: true, encoding: .utf8)
        #expect(try await AsyncMigrate.run(["metrics", "import", "s.csv"] + now, in: dir).status == 0)
        let gates = try await AsyncMigrate.run(["gates", "pilot", "--json", "--db", "t.db", "--now", "2026-09-03T00:00:00Z"], in: dir)
        #expect(gates.stdout.contains("\"value\" : 0.5"), "\(gates)")
        for format in ["md", "html"] {
            let report = try await AsyncMigrate.run(["report", "pilot", "--format", format] + now, in: dir)
            #expect(report.status == 0, "\(report)")
            #expect(report.stdout.contains("1 chargers") || report.stdout.contains("1 charger"), "\(format)")
        }
    }

    @Test(arguments: [("a/b", "contains '/'"), (".", "dot segment"), ("..", "dot segment"),
                      ("tab\there", "control character U+9"), (String(repeating: "x", count: 49), "at most 48"), ("nel\u{85}x", "control character U+85")])
    func idsThatCannotBeInTheURLPathAreRefused(_ id: String, _ message: String) async throws {
        let dir = try AsyncMigrate.temporaryDirectory()
        let quoted = "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        try "id,site\nok-1,s\n\(quoted),s\n".write(to: dir.appendingPathComponent("fleet.csv"), atomically: true, encoding: .utf8)
        let result = try await AsyncMigrate.run(["fleet", "import", "fleet.csv", "--db", "t.db"], in: dir)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("fleet.csv:3: column id:") && result.stderr.contains(message), "\(result.stderr)")
        let list = try await AsyncMigrate.run(["fleet", "list", "--json", "--db", "t.db"], in: dir)
        let chargers = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any]
        #expect(chargers?.isEmpty == true, "nothing imported: \(list)")
    }

    /// RFC 4180 fields, enough to read `routes --format csv` back.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
        }
        return rows
    }
}
