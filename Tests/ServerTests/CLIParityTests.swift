import Engine
import Foundation
import Gates
import Testing

/// The numbers on screen and in the API are the command line's: the built `migrate` run on the server's store with
/// the server's clock (`--now`) prints the same JSON as each read route (and the same dry runs and reports), and the
/// dashboard's overview and cohort page show the same chargers, routes and gate evidence.
@Suite("Server: the API and the dashboard say what the command line says")
struct CLIParityTests {
    static let now = ISOTime.format(TestServer.now)

    /// The server on a cohort whose metric gate fails (0.5 < 0.9) with an open issue, a viewer and an operator.
    static func server() async throws -> (TestServer, viewer: String, operator: String) {
        let s = try await TestServer()
        try await s.prepare(playbook: Fixtures.failing, samples: Fixtures.failingSamples)
        _ = try s.service.addIssue(IssueRecord(id: "", title: "CP-2 reboots", severity: .high, cohort: "north",
                                               openedAt: TestServer.now, openedBy: "setup"),
                                   as: .simulated(actor: "setup", at: TestServer.now))
        return (s, try s.token("vic", "viewer"), try s.token("olga", "operator"))
    }

    func cli(_ s: TestServer, _ arguments: [String]) async throws -> (status: Int32, out: String) {
        try await ServeProcessTests.run(arguments + ["--db", s.directory.appendingPathComponent("migrate.db").path, "--now", Self.now],
                                        env: ["MIGRATE_ACTOR": "cli"], dir: s.directory)
    }

    static func parse(_ text: String) -> NSObject? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) as? NSObject
    }

    @Test("every read route's JSON equals the command line's --json, and so do the dry runs and the reports",
          .disabled(if: !FileManager.default.isExecutableFile(atPath: ServeProcessTests.migrate), "the migrate binary is not built (swift build)"))
    func readsEqualTheCommandLine() async throws {
        let (s, viewer, op) = try await Self.server()
        defer { Task { await s.stop() } }
        let reads: [(api: String, cli: [String])] = [
            ("/api/status", ["status", "--json"]),
            ("/api/cohorts/north", ["status", "north", "--json"]),
            ("/api/cohorts/north/gates", ["gates", "north", "--json"]),
            ("/api/cohorts/north/history", ["history", "north", "--json"]),
            ("/api/routes", ["routes", "--format", "json"]),
            ("/api/routes?cohort=north", ["routes", "--cohort", "north", "--format", "json"]),
            ("/api/issues", ["issues", "list", "--json"]),
            ("/api/issues?open=true", ["issues", "list", "--open", "--json"]),
            ("/api/fleet", ["fleet", "list", "--json"]),
        ]
        for read in reads {
            let api = try await s.request("GET", read.api, token: viewer)
            #expect(api.status == 200, "\(read.api): \(api.body)")
            let cli = try await cli(s, read.cli)
            let a = try #require(Self.parse(api.body), "\(read.api) is not JSON: \(api.body.prefix(200))")
            let c = try #require(Self.parse(cli.out), "migrate \(read.cli.joined(separator: " ")) printed no JSON (exit \(cli.status)): \(cli.out.prefix(200))")
            #expect(a == c, "\(read.api) differs from migrate \(read.cli.joined(separator: " ")):\nAPI \(api.body.prefix(600))\nCLI \(cli.out.prefix(600))")
        }
        // The gates fail on the samples: the comparison above is about real evidence, not an empty report.
        let gates = try await s.request("GET", "/api/cohorts/north/gates", token: viewer).object
        #expect(gates["result"] as? String == "fail")

        let verify = try await s.request("GET", "/api/verify", token: viewer)
        let verified = try await cli(s, ["verify", "--json"])
        #expect(Self.parse(verify.body) == Self.parse(verified.out), "verify: \(verify.body) vs \(verified.out)")

        // Dry runs: the API's `dry_run` answer is `--dry-run --json`'s object.
        for (action, cliArgs) in [("advance", ["advance", "north", "--dry-run", "--json"]),
                                  ("pause", ["pause", "north", "--reason", "look", "--dry-run", "--json"]),
                                  ("rollback", ["rollback", "north", "--reason", "look", "--dry-run", "--json"])] {
            let api = try await s.request("POST", "/api/cohorts/north/\(action)", token: op, json: ["reason": "look", "dry_run": true])
            let cli = try await cli(s, cliArgs)
            #expect(api.status == 200, "\(action) dry run: \(api.body)")
            let c = try #require(Self.parse(cli.out), "migrate \(cliArgs.joined(separator: " ")) printed no JSON: \(cli.out.prefix(300))")
            #expect(Self.parse(api.body) == c, "\(action) dry run:\nAPI \(api.body.prefix(600))\nCLI \(cli.out.prefix(600))")
        }

        for (format, cliFormat) in [("md", "md"), ("html", "html")] {
            let api = try await s.request("GET", "/api/cohorts/north/report?format=\(format)", token: viewer)
            let cli = try await cli(s, ["report", "north", "--format", cliFormat])
            #expect(api.status == 200 && cli.status == 0)
            #expect(api.body.trimmingCharacters(in: .whitespacesAndNewlines) == cli.out.trimmingCharacters(in: .whitespacesAndNewlines),
                    "the \(format) report differs from migrate report")
        }
        #expect(try s.history().allSatisfy { $0.actor != "cli" }, "the dry runs and reads journaled nothing")
    }

    @Test("the dashboard's overview and cohort page show status --json's chargers and routes and gates --json's evidence",
          .disabled(if: !FileManager.default.isExecutableFile(atPath: ServeProcessTests.migrate), "the migrate binary is not built (swift build)"))
    func dashboardShowsTheCommandLinesNumbers() async throws {
        let (s, viewer, _) = try await Self.server()
        defer { Task { await s.stop() } }
        let status = try #require(Self.parse(try await cli(s, ["status", "north", "--json"]).out) as? [String: Any])
        let gates = try #require(Self.parse(try await cli(s, ["gates", "north", "--json"]).out) as? [String: Any])
        let browser = DashboardClient(port: s.port)
        _ = try await browser.login(viewer)
        let overview = try await browser.get("/dashboard")
        let cohort = try await browser.get("/dashboard/cohorts/north")
        #expect(overview.status == 200 && cohort.status == 200)

        let routes = try #require(status["routes"] as? [String: Int])
        let chargers = "\(try #require(status["chargers"] as? Int)): "
            + routes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let summary = try #require(status["gates"] as? [String: Any])
        let counts = "\(summary["pass"] as? Int ?? -1) pass, \(summary["fail"] as? Int ?? -1) fail, \(summary["pending"] as? Int ?? -1) pending"
        for (name, page) in [("overview", overview), ("cohort page", cohort)] {
            let text = Self.text(page.body)
            #expect(text.contains("Chargers \(chargers)"), "\(name) does not show \(chargers)")
            #expect(text.contains("\(status["phase"] as? String ?? "?")"), "\(name)")
            #expect(text.contains(counts), "\(name) does not show the gates as status --json counts them: \(counts)")
        }

        let rows = Self.rows(cohort.body)
        let listed = try #require(gates["gates"] as? [[String: Any]])
        #expect(!listed.isEmpty)
        for g in listed {
            let name = try #require(g["name"] as? String)
            let row = try #require(rows.first { $0.first == name }, "no row for gate \(name) on the cohort page")
            let result = try #require(g["result"] as? String)
            #expect(row[1].lowercased() == result, "\(name): page says \(row[1]), gates --json \(result)")
            if let value = g["value"] as? Double, g["kind"] as? String == "metric" {
                let shown = try #require(Double(row[2]), "\(name)'s value on the page is '\(row[2])'")
                #expect(abs(shown - value) < 0.0005, "\(name): page \(shown), gates --json \(value)")
                #expect(Double(row[3]) == g["threshold"] as? Double, "\(name) threshold: page \(row[3])")
                #expect(Int(row[4]) == g["samples"] as? Int, "\(name) samples: page \(row[4])")
            }
        }
        #expect(rows.contains { $0.first == "success" && $0[1] == "FAIL" && Double($0[2]) == 0.5 }, "the failing gate's 0.5 is on the page")
    }

    /// A page's text without tags, whitespace collapsed.
    static func text(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    /// Every table row's cells, as text.
    static func rows(_ html: String) -> [[String]] {
        html.components(separatedBy: "<tr>").dropFirst().map { row in
            let body = row.components(separatedBy: "</tr>")[0]
            return body.components(separatedBy: "</td>").dropLast().map {
                text($0).trimmingCharacters(in: .whitespaces)
                    .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            }
        }
    }
}
